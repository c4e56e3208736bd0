package dev.userdeletion.userquery.projection;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Feeds the read model from {@code membership.user-state}. Each poll (up to
 * {@code spring.kafka.consumer.max-poll-records}) is applied in one transaction with multi-row
 * statements, which is what makes a backlog of a million states fast to catch up on.
 *
 * <p>Failures never skip a record silently. A record that breaks the contract is pinned with
 * {@link BatchListenerFailedException}: the records before it are applied and committed, it goes to
 * {@code membership.user-state-dlt}, the records after it are read again. If the batch transaction fails
 * for another reason, the records are applied one by one (each in its own transaction, idempotent through
 * the inbox) to find the one at fault, which is retried and then dead-lettered the same way.
 */
@Component
class UserStateListener {

    private static final Logger log = LoggerFactory.getLogger(UserStateListener.class);

    private final UserStateProjection projection;
    private final EventCodec codec;
    private final Counter applied;
    private final Counter deleted;
    private final Counter stale;
    private final Counter redelivered;

    UserStateListener(UserStateProjection projection, EventCodec codec, MeterRegistry meters) {
        this.projection = projection;
        this.codec = codec;
        this.applied = outcome(meters, "applied");
        this.deleted = outcome(meters, "deleted");
        this.stale = outcome(meters, "stale");
        this.redelivered = outcome(meters, "redelivered");
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("user.query.projection.events")
                .description("membership.user-state records by what they did to the read model")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Listener container id, e.g. to pause the projection. */
    static final String ID = "user-state-projection";

    @KafkaListener(id = ID, topics = Topics.USER_STATE, groupId = "user-query-service", batch = "true",
            concurrency = "${user-query.projection.concurrency:3}")
    public void onUserStates(List<ConsumerRecord<String, byte[]>> records) {
        List<UserChange> changes = new ArrayList<>(records.size());
        InvalidEventException invalid = null;
        int invalidAt = -1;
        for (int i = 0; i < records.size(); i++) {
            try {
                changes.add(UserChange.of(records.get(i), codec));
            } catch (InvalidEventException e) {
                invalid = e;
                invalidAt = i;
                break;
            }
        }
        applyAll(changes);
        if (invalid != null) {
            throw new BatchListenerFailedException("Invalid membership.user-state record", invalid, invalidAt);
        }
    }

    /** The whole batch in one transaction; if that fails, one by one to find the record at fault. */
    private void applyAll(List<UserChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            long started = System.nanoTime();
            count(projection.apply(changes));
            if (log.isDebugEnabled()) {
                log.debug("Applied {} user states in {} ms", changes.size(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException batchFailure) {
            log.warn("A batch of {} user states failed; applying them one by one", changes.size(), batchFailure);
            for (int i = 0; i < changes.size(); i++) {
                try {
                    count(projection.apply(List.of(changes.get(i))));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("User state event " + changes.get(i).eventId()
                            + " could not be applied", e, i);
                }
            }
        }
    }

    private void count(ProjectionResult result) {
        applied.increment(result.applied());
        deleted.increment(result.deleted());
        stale.increment(result.stale());
        redelivered.increment(result.redelivered());
    }
}
