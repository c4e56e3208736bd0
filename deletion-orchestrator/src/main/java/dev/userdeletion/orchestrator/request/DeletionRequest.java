package dev.userdeletion.orchestrator.request;

import dev.userdeletion.orchestrator.selection.SelectionMode;
import dev.userdeletion.orchestrator.selection.UserFilter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code deletion_request}. */
public record DeletionRequest(UUID id, String platformId, RequestState state, SelectionMode mode, UserFilter filter,
                              int selectionVersion, Integer count, Integer predictedRejections,
                              Integer unknownCount, List<UUID> unknownUserIds, int deleted,
                              int rejectedMultiPlatform, int rejectedNotAMember, int alreadyGone,
                              String createdBy, String confirmedBy, Instant createdAt, Instant reviewedAt,
                              Instant confirmedAt, Instant completedAt, Instant cancelledAt) {

    public int rejected() {
        return rejectedMultiPlatform + rejectedNotAMember;
    }

    /** Commands without an outcome yet; 0 before confirmation. */
    public int pending() {
        if (state != RequestState.CONFIRMED && state != RequestState.COMPLETED) {
            return 0;
        }
        return Math.max(0, (count == null ? 0 : count) - deleted - rejected() - alreadyGone);
    }
}
