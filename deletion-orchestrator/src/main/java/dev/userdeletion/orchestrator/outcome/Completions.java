package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.Progress;
import dev.userdeletion.orchestrator.request.RequestTransitions;
import java.util.Collection;
import java.util.List;
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

    private final RequestTransitions transitions;
    private final OutboxWriter outbox;
    private final DeletionMetrics metrics;

    public Completions(RequestTransitions transitions, OutboxWriter outbox, DeletionMetrics metrics) {
        this.transitions = transitions;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<DeletionRequest> completeFinished(Collection<UUID> requestIds) {
        List<DeletionRequest> completed = transitions.completeFinished(requestIds);
        if (completed.isEmpty()) {
            return completed;
        }
        outbox.publishAll(completed.stream().map(r -> {
            Progress p = r.progress();
            return new DeletionCompleted(r.id(), r.platformId(), p.deleted(), p.rejected(), p.alreadyGone(),
                    p.rejectedByReason(), r.completedAt());
        }).toList());
        for (DeletionRequest r : completed) {
            metrics.completed(r);
            log.info("Deletion request {} on platform {} completed: {} deleted, {} rejected {}, {} already gone",
                    r.id(), r.platformId(), r.progress().deleted(), r.progress().rejected(),
                    r.progress().rejectedByReasonName(), r.progress().alreadyGone());
        }
        return completed;
    }
}
