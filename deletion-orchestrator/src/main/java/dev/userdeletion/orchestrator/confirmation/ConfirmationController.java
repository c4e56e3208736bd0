package dev.userdeletion.orchestrator.confirmation;

import dev.userdeletion.orchestrator.request.RequestPaths;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.security.Caller;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = RequestPaths.BASE + "/{requestId}/confirmation", produces = RequestPaths.JSON,
        consumes = RequestPaths.JSON)
@Tag(name = "Confirmation", description = "Confirm a reviewed request by typing its number of users")
class ConfirmationController {

    /** Body: the number of users the admin typed, and the review they typed it for. */
    record ConfirmationBody(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", example = "42",
                    description = "The number of users the admin typed: must equal the review's count")
            Integer typedCount,
            @Schema(minimum = "1", example = "2", description = "The reviewVersion of the review confirmed"
                    + " (428 when missing)") Integer reviewVersion) {
    }

    private final ConfirmationService service;

    ConfirmationController(ConfirmationService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Confirm with the typed count",
            description = "{typedCount, reviewVersion}: 202 with the request in CONFIRMED (COMPLETED at once for 0"
                    + " users); the deletions run asynchronously, exactly the users of the review named by"
                    + " reviewVersion. reviewVersion missing: 428 review-version-required; not the current review's:"
                    + " 409 review-changed; typedCount different from count: 422 count-mismatch; DRAFT: 409"
                    + " review-required; nothing changes for any of them. Repeating a successful confirmation: 202,"
                    + " nothing duplicated.")
    @ApiResponse(responseCode = "202", description = "Accepted: the request in CONFIRMED (COMPLETED for 0 users);"
            + " the deletions run asynchronously",
            headers = @Header(name = "ETag", description = "The request's version"))
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    @ProblemResponse(status = 409, types = {"review-changed", "review-required", "request-cancelled",
            "concurrent-change"}, description = "reviewVersion is not the current review's, the request is DRAFT or"
            + " CANCELLED, or another write won a race; nothing changed")
    @ProblemResponse(status = 422, types = "count-mismatch", description = "typedCount is not the reviewed count;"
            + " nothing changed")
    @ProblemResponse(status = 428, types = "review-version-required", description = "reviewVersion is missing;"
            + " nothing changed")
    RequestView confirm(@PathVariable String platformId, @PathVariable String requestId,
                        @RequestBody ConfirmationBody body) {
        String platform = RequestPaths.platformId(platformId);
        UUID id = RequestPaths.requestId(requestId);
        if (body == null || body.typedCount() == null) {
            throw ApiProblem.invalid("typedCount is required: the number of users shown by the review");
        }
        if (body.typedCount() < 0) {
            throw ApiProblem.invalid("typedCount must be 0 or more");
        }
        if (body.reviewVersion() != null && body.reviewVersion() < 1) {
            throw ApiProblem.invalid("reviewVersion must be the reviewVersion of the review you confirm (1 or more)");
        }
        // the token's sub becomes DeletionConfirmed.confirmedBy and every DeleteUser.requestedBy
        return service.confirm(platform, id, body.typedCount(), body.reviewVersion(), Caller.id());
    }
}
