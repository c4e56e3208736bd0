package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.request.ItemOutcome;
import dev.userdeletion.orchestrator.request.RequestPaths;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = RequestPaths.BASE + "/{requestId}", produces = RequestPaths.JSON)
@Tag(name = "Review", description = "Freeze the selection and page through it")
class ReviewController {

    static final int MAX_PAGE_SIZE = 200;

    private final ReviewService reviews;
    private final ItemsService items;

    ReviewController(ReviewService reviews, ItemsService items) {
        this.reviews = reviews;
        this.items = items;
    }

    @PostMapping("/review")
    @Operation(summary = "Resolve and freeze the selection",
            description = "→ the request in REVIEWED with count, predictedRejections (users on several platforms),"
                    + " reviewVersion (the snapshot's identity, which the confirmation names) and unknownCount /"
                    + " unknownUserIds (selected ids that are not members of this platform and were not kept)."
                    + " 422 empty-selection for an empty USERS selection; 409 once CONFIRMED, COMPLETED or CANCELLED;"
                    + " 409 concurrent-change if the request changed while it was being reviewed (412 with an"
                    + " If-Match naming an older version); 503 if the user directory cannot answer.")
    @ApiResponse(responseCode = "200", description = "The request in REVIEWED with its frozen count and reviewVersion",
            headers = @Header(name = "ETag", description = "The request's new version"))
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    @ProblemResponse(status = 409, types = {"request-not-editable", "request-cancelled", "concurrent-change"},
            description = "the request is CONFIRMED, COMPLETED or CANCELLED, or another write won a race")
    @ProblemResponse(status = 412, types = "precondition-failed",
            description = "If-Match names another version than the current one; nothing changed")
    @ProblemResponse(status = 422, types = "empty-selection", description = "a USERS selection without users")
    @ProblemResponse(status = 503, types = "user-query-unavailable",
            description = "user-query-service could not answer; nothing changed, try again")
    RequestView review(@PathVariable String platformId, @PathVariable String requestId,
                       @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        String platform = RequestPaths.platformId(platformId);
        UUID id = RequestPaths.requestId(requestId);
        return reviews.review(platform, id, ifMatch);
    }

    @GetMapping("/items")
    @Operation(summary = "One page of the frozen selection with emails",
            description = "page from 0, size 1-200 (default 50), in user id order; outcome (repeatable: PENDING,"
                    + " DELETED, REJECTED, ALREADY_GONE, FAILED) keeps only those items, e.g. outcome=REJECTED lists"
                    + " who could not be deleted. The answer names its reviewVersion; reviewVersion given (the review"
                    + " the caller has been looking at) and another one current: 409 review-changed."
                    + " 409 review-required while DRAFT.")
    @ApiResponse(responseCode = "200", description = "One page of the frozen selection")
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    @ProblemResponse(status = 409, types = {"review-required", "request-cancelled", "review-changed"},
            description = "the request is DRAFT (nothing frozen yet) or CANCELLED, or reviewVersion names a review"
                    + " that is no longer the current one")
    @ProblemResponse(status = 503, types = "user-query-unavailable",
            description = "user-query-service could not answer the emails; try again")
    ItemsPage items(@PathVariable String platformId, @PathVariable String requestId,
                    @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                    @RequestParam(required = false) List<String> outcome,
                    @RequestParam(required = false) Integer reviewVersion) {
        String platform = RequestPaths.platformId(platformId);
        UUID id = RequestPaths.requestId(requestId);
        if (page < 0 || page > 10_000_000) {
            throw ApiProblem.invalid("page must be 0-10000000");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiProblem.invalid("size must be 1-" + MAX_PAGE_SIZE);
        }
        return items.page(platform, id, outcomes(outcome), page, size, reviewVersion);
    }

    private static Set<ItemOutcome> outcomes(List<String> values) {
        Set<ItemOutcome> outcomes = EnumSet.noneOf(ItemOutcome.class);
        for (String value : values == null ? List.<String>of() : values) {
            try {
                outcomes.add(ItemOutcome.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("outcome must be one of " + Arrays.toString(ItemOutcome.values()));
            }
        }
        return outcomes;
    }
}
