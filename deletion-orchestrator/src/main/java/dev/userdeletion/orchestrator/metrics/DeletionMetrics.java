package dev.userdeletion.orchestrator.metrics;

import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Event metrics of the deletion flow (the gauges are in {@link DeletionGauges}). Counts are taken after the
 * transaction that caused them commits, so a rolled-back or redelivered change is never counted.
 * <ul>
 *   <li>{@code deletion.commands.published}: DeleteUser commands (chunks of users) written to the outbox</li>
 *   <li>{@code deletion.users.deleted}, {@code deletion.users.rejected{reason}}, {@code deletion.users.already.gone}:
 *       outcomes applied</li>
 *   <li>{@code deletion.outcomes.ignored}: outcomes that matched no pending command (unknown or already decided)</li>
 *   <li>{@code deletion.request.completion}: time from confirmation to completion</li>
 * </ul>
 */
@Component
public class DeletionMetrics {

    private final Counter commandsPublished;
    private final Counter deleted;
    private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
    private final Counter alreadyGone;
    private final Counter ignored;
    private final Timer completion;

    public DeletionMetrics(MeterRegistry meters) {
        commandsPublished = Counter.builder("deletion.commands.published")
                .description("DeleteUser commands (chunks of users) written to the outbox at confirmation").register(meters);
        deleted = Counter.builder("deletion.users.deleted").description("Users reported deleted").register(meters);
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, Counter.builder("deletion.users.rejected").tag("reason", reason.name())
                    .description("Users whose deletion was rejected, by reason").register(meters));
        }
        alreadyGone = Counter.builder("deletion.users.already.gone")
                .description("Users that no longer existed when their command was executed").register(meters);
        ignored = Counter.builder("deletion.outcomes.ignored")
                .description("Outcomes that matched no pending command (unknown, or already decided)").register(meters);
        completion = Timer.builder("deletion.request.completion")
                .description("Time from a request's confirmation to its completion")
                .publishPercentiles(0.5, 0.95).register(meters);
    }

    public void commandsPublished(int count) {
        afterCommit(() -> commandsPublished.increment(count));
    }

    public void outcomes(int deletedCount, int multiPlatform, int notAMember, int goneCount, int ignoredCount) {
        afterCommit(() -> {
            deleted.increment(deletedCount);
            rejected.get(RejectionReason.MULTI_PLATFORM).increment(multiPlatform);
            rejected.get(RejectionReason.NOT_A_MEMBER).increment(notAMember);
            alreadyGone.increment(goneCount);
            ignored.increment(ignoredCount);
        });
    }

    public void completed(DeletionRequest request) {
        if (request.confirmedAt() != null && request.completedAt() != null) {
            Duration took = Duration.between(request.confirmedAt(), request.completedAt());
            afterCommit(() -> completion.record(took.isNegative() ? Duration.ZERO : took));
        }
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
