package dev.userdeletion.orchestrator.receipt;

import dev.userdeletion.orchestrator.request.RequestPaths;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deletion receipt of a request for audit tooling ({@code AUDITOR}, any platform): JSON, or CSV with one row per
 * user. Ids, callers' subs, times, counts and reasons only; never an email.
 */
@RestController
class ReceiptController {

    static final String RECEIPT = RequestPaths.BASE + "/{requestId}/receipt";
    static final String RECEIPT_CSV = RECEIPT + ".csv";
    static final List<String> SOURCE = List.of("deletion.commands", "deletion.outcomes", "deletion.requests",
            "csm.followups");

    private final ReceiptStore store;

    ReceiptController(ReceiptStore store) {
        this.store = store;
    }

    @GetMapping(path = RECEIPT, produces = RequestPaths.JSON)
    @Operation(summary = "The deletion receipt of a request, from the event log (ids only)")
    @ApiResponse(responseCode = "200", description = "Who asked, who confirmed, each user's outcome and follow-up")
    @ProblemResponse(status = 404, types = "not-found", description = "the event log has no event of this request yet")
    Receipt receipt(@PathVariable("platformId") String platformId, @PathVariable("requestId") String requestId) {
        Receipt.Header header = header(platformId, requestId);
        List<Receipt.User> users = new ArrayList<>();
        store.users(header.requestId(), users::add);
        Set<String> requestedBy = new LinkedHashSet<>();
        users.stream().map(Receipt.User::requestedBy).filter(Objects::nonNull).sorted().forEach(requestedBy::add);
        Receipt.Counts reported = header.completedAt() == null ? null : new Receipt.Counts(
                header.deleted() + header.rejected() + header.alreadyGone(), header.deleted(), header.rejected(),
                header.alreadyGone(), 0, ReceiptChanges.reasons(header.rejectedByReason()));
        return new Receipt(header.requestId(), header.platformId(), List.copyOf(requestedBy), header.confirmedBy(),
                header.confirmedAt(), header.confirmedCount(), header.completedAt(), counts(users), reported, users,
                store.followUps(header.requestId()), SOURCE);
    }

    @GetMapping(path = RECEIPT_CSV, produces = "text/csv")
    @Operation(summary = "The deletion receipt as CSV, one row per user")
    @ApiResponse(responseCode = "200", description = "The CSV file (Content-Disposition: attachment)",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @ProblemResponse(status = 404, types = "not-found", description = "the event log has no event of this request yet")
    void receiptCsv(@PathVariable("platformId") String platformId, @PathVariable("requestId") String requestId,
                    HttpServletResponse response) throws IOException {
        Receipt.Header header = header(platformId, requestId);
        Map<UUID, Receipt.FollowUp> cases = new LinkedHashMap<>();
        store.followUps(header.requestId()).forEach(f -> cases.put(f.caseId(), f));
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"deletion-receipt-" + header.requestId() + ".csv\"");
        PrintWriter out = new PrintWriter(response.getOutputStream(), false, StandardCharsets.UTF_8);
        out.print(String.join(",", "requestId", "platformId", "userId", "commandId", "requestedBy", "confirmedBy",
                "confirmedAt", "outcome", "outcomeAt", "rejectionReason", "rejectedAt", "followUpCaseId",
                "followUpOpenedAt", "resolvedAt", "followUpClosedAt") + "\r\n");
        store.users(header.requestId(), u -> {
                Receipt.FollowUp f = u.followUpCaseId() == null ? null : cases.get(u.followUpCaseId());
                out.print(String.join(",", Stream.of(header.requestId(), header.platformId(), u.userId(),
                        u.commandId(), u.requestedBy(), header.confirmedBy(), header.confirmedAt(), u.outcome(),
                        u.outcomeAt(), u.rejectionReason(), u.rejectedAt(), u.followUpCaseId(),
                        f == null ? null : f.openedAt(), u.resolvedAt(), f == null ? null : f.closedAt())
                        .map(ReceiptController::cell).toList()) + "\r\n");
        });
        out.flush();
    }

    private Receipt.Header header(String platformId, String requestId) {
        String platform = RequestPaths.platformId(platformId);
        UUID id = RequestPaths.requestId(requestId);
        return store.header(platform, id).orElseThrow(() -> ApiProblem.notFound("A receipt of deletion request " + id
                + " (the event log has no event of it on this platform yet)"));
    }

    private static Receipt.Counts counts(List<Receipt.User> users) {
        int deleted = 0;
        int rejected = 0;
        int gone = 0;
        int pending = 0;
        Map<String, Integer> byReason = new LinkedHashMap<>();
        for (Receipt.User u : users) {
            switch (u.outcome()) {
                case "DELETED" -> deleted++;
                case "ALREADY_GONE" -> gone++;
                case "REJECTED" -> {
                    rejected++;
                    byReason.merge(u.rejectionReason(), 1, Integer::sum);
                }
                default -> pending++;
            }
        }
        return new Receipt.Counts(users.size(), deleted, rejected, gone, pending, byReason);
    }

    /**
     * A CSV cell: values are ids, subs (1–100 of {@code A-Z a-z 0-9 . _ : @ -}), enum names and times, so none needs
     * quoting; a sub starting with a formula character is still prefixed so no spreadsheet evaluates it.
     */
    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Instant i ? i.toString() : value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
