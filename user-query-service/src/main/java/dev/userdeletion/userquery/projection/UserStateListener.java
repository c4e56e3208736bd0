package dev.userdeletion.userquery.projection;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the read model from {@code membership.user-state}. Each poll (up to
 * {@code spring.kafka.consumer.max-poll-records}) is applied in one transaction with multi-row
 * statements, which is what makes a backlog of a million states fast to catch up on. Failures are handled by
 * {@link BatchConsumer}: the infrastructure's are retried in order, a record bad in itself goes to
 * {@code membership.user-state-dlt}; nothing is skipped silently.
 */
@Component
class UserStateListener {

    private static final Logger log = LoggerFactory.getLogger(UserStateListener.class);

    private final BatchConsumer batches;
    private final UserStateProjection projection;
    private final EventCodec codec;
    private final Counter applied;
    private final Counter deleted;
    private final Counter stale;

    UserStateListener(BatchConsumer batches, UserStateProjection projection, EventCodec codec, MeterRegistry meters) {
        this.batches = batches;
        this.projection = projection;
        this.codec = codec;
        this.applied = outcome(meters, "applied");
        this.deleted = outcome(meters, "deleted");
        this.stale = outcome(meters, "stale");
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
        batches.consume(ID, records, record -> UserChange.of(record, codec), changes -> {
            long started = System.nanoTime();
            count(projection.apply(changes));
            if (log.isDebugEnabled()) {
                log.debug("Applied {} user states in {} ms", changes.size(), (System.nanoTime() - started) / 1_000_000);
            }
        });
    }

    private void count(ProjectionResult result) {
        applied.increment(result.applied());
        deleted.increment(result.deleted());
        stale.increment(result.stale());
    }
}
