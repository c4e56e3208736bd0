package dev.userdeletion.orchestrator.receipt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The deletion receipt of one request, for audit tooling: what the event log says happened, ids only (no email,
 * no state).
 *
 * @param requestedBy   the callers named by the request's {@code DeleteUser} commands (the admin who asked)
 * @param confirmedBy   the caller named by {@code DeletionConfirmed}
 * @param counts        counted from the users' outcomes in the log
 * @param reported      the counts {@code DeletionCompleted} announced (null until the request completed)
 * @param users         one entry per user the request commanded or heard of, in user id order
 * @param followUps     the CSM follow-up cases opened for the request's rejected users
 * @param source        the topics the receipt was built from
 */
public record Receipt(UUID requestId, String platformId, List<String> requestedBy, String confirmedBy,
                      Instant confirmedAt, Integer confirmedCount, Instant completedAt, Counts counts,
                      Counts reported, List<User> users, List<FollowUp> followUps, List<String> source) {

    /** A request's counts: users by outcome; {@code pending}: commanded, no outcome in the log yet. */
    public record Counts(int users, int deleted, int rejected, int alreadyGone, int pending,
                         Map<String, Integer> rejectedByReason) {
    }

    /**
     * One user of the request.
     *
     * @param outcome         {@code DELETED}, {@code REJECTED}, {@code ALREADY_GONE} or {@code PENDING}
     * @param rejectionReason set when the user was refused, kept when they were deleted later (after the CSM removed
     *                        their other platform)
     * @param followUpCaseId  the CSM case that took a refused user over
     * @param resolvedAt      when that case's item for the user resolved
     */
    public record User(UUID userId, UUID commandId, String requestedBy, String outcome, Instant outcomeAt,
                       String rejectionReason, Instant rejectedAt, UUID followUpCaseId, Instant resolvedAt) {
    }

    /** A CSM follow-up case of the request. */
    public record FollowUp(UUID caseId, Instant openedAt, Integer itemCount, String state, Instant closedAt) {
    }

    /** The request-level facts. */
    record Header(UUID requestId, String platformId, String confirmedBy, Instant confirmedAt, Integer confirmedCount,
                  Instant completedAt, Integer deleted, Integer rejected, Integer alreadyGone,
                  String rejectedByReason) {
    }
}
