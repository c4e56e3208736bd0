package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Completes CONFIRMED requests that have an outcome for every item: state COMPLETED, {@code completedAt}, and
 * {@code DeletionCompleted} through the outbox, all in the caller's transaction.
 */
@Component
public class Completions {

    private static final Logger log = LoggerFactory.getLogger(Completions.class);

    private final DeletionRequestRepository requests;
    private final OutboxWriter outbox;
    private final DeletionMetrics metrics;

    public Completions(DeletionRequestRepository requests, OutboxWriter outbox, DeletionMetrics metrics) {
        this.requests = requests;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<DeletionRequest> completeFinished(Collection<UUID> requestIds) {
        List<DeletionRequest> completed = requests.completeFinished(requestIds);
        if (completed.isEmpty()) {
            return completed;
        }
        outbox.publishAll(completed.stream().map(r -> new DeletionCompleted(r.id(), r.platformId(), r.deleted(),
                r.rejected(), r.alreadyGone(), Map.of(RejectionReason.MULTI_PLATFORM, r.rejectedMultiPlatform(),
                        RejectionReason.NOT_A_MEMBER, r.rejectedNotAMember()), r.completedAt())).toList());
        for (DeletionRequest r : completed) {
            metrics.completed(r);
            log.info("Deletion request {} on platform {} completed: {} deleted, {} rejected ({} multi-platform,"
                            + " {} not a member), {} already gone", r.id(), r.platformId(), r.deleted(), r.rejected(),
                    r.rejectedMultiPlatform(), r.rejectedNotAMember(), r.alreadyGone());
        }
        return completed;
    }
}
