package dev.userdeletion.notification.followup;

import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The CSM's follow-up cases. */
@RestController
@RequestMapping("/api/csm/follow-ups")
@Tag(name = "CSM follow-ups", description = "Users who could not be deleted, per platform and request")
class FollowUpController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final FollowUpRepository repository;

    FollowUpController(FollowUpRepository repository) {
        this.repository = repository;
    }

    /** Newest first; optionally of one platform and/or in one state. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The follow-up cases, newest first", description = "platformId: of one platform;"
            + " state: OPEN or CLOSED.")
    @ApiResponse(responseCode = "200", description = "The cases with their items and emails")
    List<FollowUpCase> list(@RequestParam(required = false) String platformId,
                            @RequestParam(required = false) String state) {
        return repository.find(platformId == null ? null : Inputs.platformId(platformId),
                state == null ? null : caseState(state));
    }

    @GetMapping(path = "/{caseId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One follow-up case")
    @ApiResponse(responseCode = "200", description = "The case with its items and emails")
    @ProblemResponse(status = 404, types = "not-found", description = "no such case")
    FollowUpCase one(@PathVariable String caseId) {
        return find(caseId);
    }

    /** The case's emails, one a line under the header {@code email}; users whose email is unknown are left out. */
    @GetMapping("/{caseId}/emails.csv")
    @Operation(summary = "The case's emails as CSV", description = "One email a line under the header email;"
            + " users whose email is unknown are left out.")
    @ApiResponse(responseCode = "200", description = "The CSV file (Content-Disposition: attachment)",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                    example = "email\nmentor@example.com\n")))
    @ProblemResponse(status = 404, types = "not-found", description = "no such case")
    ResponseEntity<String> emails(@PathVariable String caseId) {
        FollowUpCase followUp = find(caseId);
        List<String> emails = followUp.items().stream().map(FollowUpCase.Item::email).filter(Objects::nonNull).toList();
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("follow-up-" + followUp.caseId() + ".csv").build().toString())
                .body(EmailCsv.of(emails));
    }

    private FollowUpCase find(String caseId) {
        UUID id = Inputs.uuid(caseId, "caseId");
        return repository.find(id).orElseThrow(() -> ApiProblem.notFound("Follow-up case " + id));
    }

    private static CaseState caseState(String value) {
        for (CaseState state : CaseState.values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        throw ApiProblem.invalid("state must be OPEN or CLOSED");
    }
}
