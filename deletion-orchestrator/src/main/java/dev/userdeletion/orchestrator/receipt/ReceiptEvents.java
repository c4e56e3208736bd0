package dev.userdeletion.orchestrator.receipt;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.FollowUpItemAdded;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.UserOutcome;
import dev.userdeletion.orchestrator.receipt.ReceiptChanges.CaseChange;
import dev.userdeletion.orchestrator.receipt.ReceiptChanges.Outcome;
import dev.userdeletion.orchestrator.receipt.ReceiptChanges.RequestChange;
import dev.userdeletion.orchestrator.receipt.ReceiptChanges.UserChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The events of one poll folded into one change per request, per (request, user) and per follow-up case, so a poll
 * is written with one batch per table. Folding is the same as the database's upsert: first values of a request's
 * command stay, later completions and closings win, and a user's outcome only climbs REJECTED → ALREADY_GONE →
 * DELETED (the first of an outcome keeps its time; a user refused first and deleted later, once the CSM removed their
 * other platform, ends DELETED with the refusal kept). Per-user commands and outcomes of version 1 still in the log
 * are read as chunks of one. The order of events therefore does not matter, and a redelivered event changes nothing.
 */
final class ReceiptEvents {

    /** One received event with the log's timestamp of its record (the event time for events that carry none). */
    record Received(UUID eventId, Event event, Instant loggedAt) {
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
            case DeleteUsers c -> command(c, at);
            case DeleteUser c -> command(DeleteUsers.of(c), at);
            case DeletionOutcome o -> outcome(o, at);
            case UserOutcome o -> outcome(DeletionOutcome.of(o, at), at);
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
                    q.rejectedByReason = ReceiptChanges.reasons(c.rejectedByReason());
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

    private void command(DeleteUsers c, Instant at) {
        request(c.requestId(), c.platformId(), at);
        for (UUID userId : c.userIds()) {
            UserChange u = user(c.requestId(), userId);
            u.commandId = u.commandId == null ? c.commandId() : u.commandId;
            u.requestedBy = u.requestedBy == null ? c.requestedBy() : u.requestedBy;
        }
    }

    private void outcome(DeletionOutcome o, Instant at) {
        request(o.requestId(), o.platformId(), at);
        for (DeletionOutcome.UserDecision d : o.decisions()) {
            UserChange u = user(o.requestId(), d.userId());
            switch (d.kind()) {
                case DELETED -> u.outcome(Outcome.DELETED, o.decidedAt());
                case ALREADY_GONE -> u.outcome(Outcome.ALREADY_GONE, o.decidedAt());
                case REJECTED -> {
                    u.outcome(Outcome.REJECTED, o.decidedAt());
                    u.rejectionReason = d.reason().name();
                    u.rejectedAt = u.rejectedAt == null ? o.decidedAt() : u.rejectedAt;
                }
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
}
