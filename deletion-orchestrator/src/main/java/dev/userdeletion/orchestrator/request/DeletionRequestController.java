package dev.userdeletion.orchestrator.request;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.security.Caller;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = RequestPaths.BASE, produces = RequestPaths.JSON)
@Tag(name = "Deletion requests", description = "Create, read, list and cancel deletion requests of one platform")
class DeletionRequestController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final int MAX_LIST_LIMIT = 1000;

    private final DeletionRequestService service;
    private final int defaultLimit;

    DeletionRequestController(DeletionRequestService service, OrchestratorProperties properties) {
        this.service = service;
        this.defaultLimit = properties.listLimit();
    }

    @PostMapping
    @Operation(summary = "Create a DRAFT request with an empty USERS selection",
            description = "201 with the new request. With an Idempotency-Key header (1-200 visible ASCII characters)"
                    + " a repeated call on the same platform returns the request created first, with 200.")
    @ApiResponse(responseCode = "201", description = "Created: the new DRAFT request",
            headers = {@Header(name = "Location", description = "The new request's URL"),
                    @Header(name = "ETag", description = "The request's version, e.g. \"1\"")},
            content = @Content(schema = @Schema(implementation = RequestView.class)))
    @ApiResponse(responseCode = "200", description = "The request this Idempotency-Key created before",
            headers = {@Header(name = "Location", description = "The request's URL"),
                    @Header(name = "ETag", description = "The request's version")},
            content = @Content(schema = @Schema(implementation = RequestView.class)))
    ResponseEntity<RequestView> create(@PathVariable String platformId,
                                       @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        String platform = RequestPaths.platformId(platformId);
        if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
            throw ApiProblem.invalid(IDEMPOTENCY_KEY + " must be 1-200 visible ASCII characters");
        }
        DeletionRequestService.Created result = service.create(platform, Caller.id(), idempotencyKey);
        URI location = URI.create("/api/platforms/" + platform + "/deletion-requests/" + result.request().requestId());
        return result.created()
                ? ResponseEntity.created(location).body(result.request())
                : ResponseEntity.ok().location(location).body(result.request());
    }

    @GetMapping("/{requestId}")
    @Operation(summary = "One request with its selection, counts and progress",
            description = "Also for AUDITOR (any platform), who gets a FILTER's email withheld (emailWithheld: true)."
                    + " A FILTER's email term is erased when the request is confirmed or cancelled (emailWithheld: true"
                    + " for everyone from then on)")
    @ApiResponse(responseCode = "200", description = "The request",
            headers = @Header(name = "ETag", description = "The request's version, e.g. \"3\""))
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    RequestView get(@PathVariable String platformId, @PathVariable String requestId) {
        String platform = RequestPaths.platformId(platformId);
        return forCaller(platform, service.get(platform, RequestPaths.requestId(requestId)));
    }

    @GetMapping
    @Operation(summary = "The platform's requests, newest first",
            description = "state: only requests in this state; limit: at most this many (default 100, 1-1000)."
                    + " Each selection with its counts (userCount, excludedCount) but not its ids: GET one request"
                    + " for them. Also for AUDITOR (any platform), who gets a FILTER's email withheld"
                    + " (emailWithheld: true)."
                    + " A FILTER's email term is erased when the request is confirmed or cancelled (emailWithheld: true"
                    + " for everyone from then on)")
    @ApiResponse(responseCode = "200", description = "The requests, newest first")
    List<RequestView> list(@PathVariable String platformId, @RequestParam(required = false) String state,
                           @RequestParam(required = false) Integer limit) {
        String platform = RequestPaths.platformId(platformId);
        RequestState filter = null;
        if (state != null) {
            filter = Arrays.stream(RequestState.values()).filter(s -> s.name().equals(state)).findFirst()
                    .orElseThrow(() -> ApiProblem.invalid("state must be one of " + Arrays.toString(RequestState.values())));
        }
        int max = limit == null ? defaultLimit : limit;
        if (max < 1 || max > MAX_LIST_LIMIT) {
            throw ApiProblem.invalid("limit must be 1-" + MAX_LIST_LIMIT);
        }
        return service.list(platform, filter, max).stream().map(view -> forCaller(platform, view)).toList();
    }

    @DeleteMapping("/{requestId}")
    @Operation(summary = "Cancel a DRAFT or REVIEWED request",
            description = "409 in any other state. If-Match: \"<version>\" makes it conditional (412 when the request"
                    + " changed since); without it, a write that races with this one makes it 409 concurrent-change.")
    @ApiResponse(responseCode = "200", description = "The request, now CANCELLED",
            headers = @Header(name = "ETag", description = "The request's new version"))
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    @ProblemResponse(status = 409, types = {"request-not-cancellable", "request-cancelled", "concurrent-change"},
            description = "the request is CONFIRMED or COMPLETED (or already CANCELLED), or another write won a race")
    @ProblemResponse(status = 412, types = "precondition-failed",
            description = "If-Match names another version than the current one; nothing changed")
    RequestView cancel(@PathVariable String platformId, @PathVariable String requestId,
                       @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        String platform = RequestPaths.platformId(platformId);
        return service.cancel(platform, RequestPaths.requestId(requestId), ifMatch, Caller.id());
    }

    /** Auditors read requests of any platform without the one user-typed text they may hold. */
    private static RequestView forCaller(String platformId, RequestView view) {
        return PlatformScope.isAdminOf(platformId) ? view : view.withoutEmails();
    }
}
