package dev.userdeletion.orchestrator.request;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of {@code deletion_request}.
 *
 * @param version       bumped by every change; writes name the version they read (optimistic concurrency)
 * @param reviewVersion the version the current review produced (null while DRAFT): the frozen snapshot's identity
 * @param count         users frozen by the review (null while DRAFT)
 * @param emailTermErased the FILTER had an email term, erased when the request was confirmed or cancelled
 */
public record DeletionRequest(UUID id, String platformId, RequestState state, int version, Integer reviewVersion,
                              SelectionMode mode, UserFilter filter, Integer count, Integer predictedRejections,
                              Integer unknownCount, List<UUID> unknownUserIds, Progress progress, String createdBy,
                              String confirmedBy, Instant createdAt, Instant reviewedAt, Instant confirmedAt,
                              Instant completedAt, Instant cancelledAt, boolean emailTermErased) {

    public int pending() {
        return progress.pending(state);
    }
}
