package dev.userdeletion.orchestrator.selection;

import dev.userdeletion.orchestrator.request.RequestPaths;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = RequestPaths.BASE + "/{requestId}/selection", produces = RequestPaths.JSON,
        consumes = RequestPaths.JSON)
@Tag(name = "Selection", description = "Which users a DRAFT or REVIEWED request deletes")
class SelectionController {

    static final String RACES = "If-Match: \"<version>\" (the request's ETag) makes the change conditional: 412"
            + " precondition-failed when the request changed since. Without it, a write racing with this one makes"
            + " it 409 concurrent-change; nothing is changed either way.";

    private final SelectionService service;

    SelectionController(SelectionService service) {
        this.service = service;
    }

    @PutMapping
    @Operation(summary = "Replace the selection",
            description = "{mode: USERS, userIds} | {mode: FILTER, filter: {email?, roles?, lastLoginOnOrBefore?},"
                    + " excludedUserIds?} | {mode: ALL_USERS, excludedUserIds?}; at most 10,000 ids per call."
                    + " A REVIEWED request goes back to DRAFT. 409 once CONFIRMED, COMPLETED or CANCELLED. " + RACES)
    @ApiResponse(responseCode = "200", description = "The request with its new selection, in DRAFT",
            headers = @Header(name = "ETag", description = "The request's new version"))
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    @ProblemResponse(status = 409, types = {"request-not-editable", "request-cancelled", "concurrent-change"},
            description = "the request is CONFIRMED, COMPLETED or CANCELLED, or another write won a race")
    @ProblemResponse(status = 412, types = "precondition-failed",
            description = "If-Match names another version than the current one; nothing changed")
    @ProblemResponse(status = 422, types = "selection-too-large",
            description = "the request would hold more selected or excluded ids than orchestrator.selection.max-ids")
    RequestView replace(@PathVariable String platformId, @PathVariable String requestId,
                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                        @RequestBody SelectionBody body) {
        String platform = RequestPaths.platformId(platformId);
        UUID id = RequestPaths.requestId(requestId);
        return service.replace(platform, id, ifMatch, body);
    }

    @PatchMapping
    @Operation(summary = "Tick and untick users across pages",
            description = "{add: [...], remove: [...]}, at most 10,000 ids per call. USERS mode: adds to / removes"
                    + " from the selected ids. FILTER / ALL_USERS mode: remove excludes a user, add lifts the"
                    + " exclusion. A REVIEWED request goes back to DRAFT. " + RACES)
    @ApiResponse(responseCode = "200", description = "The request with its changed selection, in DRAFT",
            headers = @Header(name = "ETag", description = "The request's new version"))
    @ProblemResponse(status = 404, types = "not-found", description = "no such request on this platform")
    @ProblemResponse(status = 409, types = {"request-not-editable", "request-cancelled", "concurrent-change"},
            description = "the request is CONFIRMED, COMPLETED or CANCELLED, or another write won a race")
    @ProblemResponse(status = 412, types = "precondition-failed",
            description = "If-Match names another version than the current one; nothing changed")
    @ProblemResponse(status = 422, types = "selection-too-large",
            description = "the request would hold more selected or excluded ids than orchestrator.selection.max-ids")
    RequestView patch(@PathVariable String platformId, @PathVariable String requestId,
                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                      @RequestBody SelectionPatch body) {
        String platform = RequestPaths.platformId(platformId);
        UUID id = RequestPaths.requestId(requestId);
        return service.patch(platform, id, ifMatch, body);
    }
}
