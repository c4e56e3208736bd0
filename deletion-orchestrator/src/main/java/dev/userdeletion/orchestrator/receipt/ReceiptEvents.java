package dev.userdeletion.orchestrator.receipt;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.FollowUpItemAdded;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The events of one poll folded into one change per request, per (request, user) and per follow-up case, so a poll
 * is written with one batch per table. Folding is the same as the database's upsert: first values of a request's
 * command stay, later completions and closings win, and a user's outcome only climbs REJECTED → ALREADY_GONE →
 * DELETED (the first of an outcome keeps its time) (a user refused first and deleted later, once the CSM removed their other platform, ends DELETED with the
 * refusal kept). The order of events therefore does not matter, and a redelivered event changes nothing.
 */
final class ReceiptEvents {

    /** A user's outcome, in the order in which one may follow another. */
    enum Outcome { REJECTED, ALREADY_GONE, DELETED }

    /** One received event with the log's timestamp of its record (the event time for events that carry none). */
    record Received(UUID eventId, Event event, Instant loggedAt) {
    }

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

    final Map<UUID, RequestChange> requests = new TreeMap<>();
    final Map<String, UserChange> users = new TreeMap<>();
    final Map<UUID, CaseChange> cases = new TreeMap<>();

    static ReceiptEvents fold(List<Received> received) {
        ReceiptEvents folded = new ReceiptEvents();
        received.forEach(folded::add);
        return folded;
    }

    private void add(Received r) {
        Instant at = r.loggedAt();
        switch (r.event()) {
            case DeleteUser c -> {
                request(c.requestId(), c.platformId(), at);
                UserChange u = user(c.requestId(), c.userId());
                u.commandId = u.commandId == null ? c.commandId() : u.commandId;
                u.requestedBy = u.requestedBy == null ? c.requestedBy() : u.requestedBy;
            }
            case UserDeleted d -> {
                request(d.requestId(), d.platformId(), at);
                user(d.requestId(), d.userId()).outcome(Outcome.DELETED, d.deletedAt());
            }
            case UserAlreadyGone g -> {
                request(g.requestId(), g.platformId(), at);
                user(g.requestId(), g.userId()).outcome(Outcome.ALREADY_GONE, at);
            }
            case UserDeletionRejected j -> {
                request(j.requestId(), j.platformId(), at);
                UserChange u = user(j.requestId(), j.userId());
                u.outcome(Outcome.REJECTED, at);
                u.rejectionReason = j.reason().name();
                u.rejectedAt = u.rejectedAt == null ? at : u.rejectedAt;
            }
            case DeletionConfirmed c -> {
                RequestChange q = request(c.requestId(), c.platformId(), at);
                q.confirmedBy = c.confirmedBy();
                q.confirmedAt = c.confirmedAt();
                q.confirmedCount = c.count();
            }
            case DeletionCompleted c -> {
                RequestChange q = request(c.requestId(), c.platformId(), at);
                if (q.completedAt == null || !c.completedAt().isBefore(q.completedAt)) {
                    q.completedAt = c.completedAt();
                    q.deleted = c.deleted();
                    q.rejected = c.rejected();
                    q.alreadyGone = c.alreadyGone();
                    q.rejectedByReason = reasons(c.rejectedByReason());
                }
            }
            case FollowUpOpened o -> {
                request(o.requestId(), o.platformId(), at);
                CaseChange k = followUp(o.caseId(), o.requestId());
                k.openedAt = o.openedAt();
                k.itemCount = o.itemCount();
            }
            case FollowUpItemAdded a -> {
                request(a.requestId(), a.platformId(), at);
                CaseChange k = followUp(a.caseId(), a.requestId());
                k.lastItemAddedAt = later(k.lastItemAddedAt, at);
            }
            case FollowUpItemResolved s -> {
                request(s.requestId(), s.platformId(), at);
                followUp(s.caseId(), s.requestId());
                UserChange u = user(s.requestId(), s.userId());
                u.resolvedAt = later(u.resolvedAt, s.resolvedAt());
            }
            case FollowUpClosed c -> {
                request(c.requestId(), c.platformId(), at);
                CaseChange k = followUp(c.caseId(), c.requestId());
                k.closedAt = later(k.closedAt, c.closedAt());
                k.itemCount = c.itemCount();
            }
            default -> {
                // UserState and any later event type on these topics say nothing a receipt shows
            }
        }
    }

    private RequestChange request(UUID requestId, String platformId, Instant at) {
        RequestChange q = requests.computeIfAbsent(requestId, RequestChange::new);
        q.platformId = platformId;
        q.firstSeenAt = q.firstSeenAt == null || at.isBefore(q.firstSeenAt) ? at : q.firstSeenAt;
        return q;
    }

    private UserChange user(UUID requestId, UUID userId) {
        return users.computeIfAbsent(requestId + "/" + userId, k -> new UserChange(requestId, userId));
    }

    private CaseChange followUp(UUID caseId, UUID requestId) {
        CaseChange k = cases.computeIfAbsent(caseId, CaseChange::new);
        k.requestId = requestId;
        return k;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
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
}
