package dev.userdeletion.orchestrator.receipt;

import dev.userdeletion.contracts.RejectionReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The receipt rows one poll changes, as {@link ReceiptEvents} folds them and {@link ReceiptStore} writes them: one
 * change per request, per (request, user) and per follow-up case.
 */
final class ReceiptChanges {

    /** A user's outcome, in the order in which one may follow another. */
    enum Outcome { REJECTED, ALREADY_GONE, DELETED }

    static final class RequestChange {
        final UUID requestId;
        String platformId;
        String confirmedBy;
        Instant confirmedAt;
        Integer confirmedCount;
        Instant completedAt;
        Integer deleted;
        Integer rejected;
        Integer alreadyGone;
        String rejectedByReason;
        Instant firstSeenAt;

        RequestChange(UUID requestId) {
            this.requestId = requestId;
        }
    }

    static final class UserChange {
        final UUID requestId;
        final UUID userId;
        UUID commandId;
        String requestedBy;
        Outcome outcome;
        Instant outcomeAt;
        String rejectionReason;
        Instant rejectedAt;
        Instant resolvedAt;

        UserChange(UUID requestId, UUID userId) {
            this.requestId = requestId;
            this.userId = userId;
        }

        void outcome(Outcome next, Instant at) {
            if (outcome == null || next.compareTo(outcome) > 0) {
                outcome = next;
                outcomeAt = at;
            }
        }
    }

    static final class CaseChange {
        final UUID caseId;
        UUID requestId;
        Instant openedAt;
        Integer itemCount;
        Instant lastItemAddedAt;
        Instant closedAt;

        CaseChange(UUID caseId) {
            this.caseId = caseId;
        }
    }

    /** {@code MULTI_PLATFORM=2,NOT_A_MEMBER=1}, in the enum's order. */
    static String reasons(Map<RejectionReason, Integer> byReason) {
        return new TreeMap<>(byReason).entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static Map<String, Integer> reasons(String text) {
        Map<String, Integer> byReason = new LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split(",")) {
                String[] kv = pair.split("=");
                byReason.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
        return byReason;
    }

    private ReceiptChanges() {
    }
}
