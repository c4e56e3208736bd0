package dev.userdeletion.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay, the topics and the consumers ({@code messaging.*}).
 *
 * @param relay     the Debezium relay that moves outbox rows to Kafka
 * @param topics    topic creation at start-up
 * @param consumer  retries before a record goes to the dead-letter topic
 * @param inbox     how long the ids of consumed events are kept
 */
@ConfigurationProperties("messaging")
public record MessagingProperties(Relay relay, TopicSettings topics, Consumer consumer, Inbox inbox) {

    public MessagingProperties {
        relay = relay == null ? new Relay(true, null, Duration.ofSeconds(10), 8192, Duration.ofMillis(50)) : relay;
        topics = topics == null ? new TopicSettings(true, 6, (short) 1) : topics;
        consumer = consumer == null ? new Consumer(3, Duration.ofMillis(500)) : consumer;
        inbox = inbox == null ? new Inbox(null, null, 0) : inbox;
    }

    /**
     * @param enabled           run the relay in this service (default true; off for services that publish nothing)
     * @param name              slot, publication and offset-topic name; default: the application name
     * @param heartbeatInterval Debezium heartbeat, keeps the replication slot from holding WAL (default 10 s)
     * @param maxBatchSize      rows per relay batch (default 8192)
     * @param pollInterval      how long the relay waits for more rows to fill a batch (default 50 ms)
     */
    public record Relay(boolean enabled, String name, Duration heartbeatInterval, int maxBatchSize,
                        Duration pollInterval) {
    }

    /**
     * @param create     create the product's topics and their dead-letter topics at start (default true)
     * @param partitions partitions per topic (default 6)
     * @param replicas   replication factor (default 1, a single local broker)
     */
    public record TopicSettings(boolean create, int partitions, short replicas) {
    }

    /**
     * @param attempts      deliveries of a failing record before it goes to the dead-letter topic (default 3)
     * @param retryInterval pause between them (default 500 ms)
     */
    public record Consumer(int attempts, Duration retryInterval) {
    }

    /**
     * @param retention      how long the id of a consumed event is kept (default 14 days). Keep it longer than
     *                       the retention of every non-compacted topic the service consumes (Kafka's default is
     *                       7 days): a record that can still be delivered again must still find its id.
     * @param pruneInterval  pause between two prunings (default 1 hour; the first runs a minute after start)
     * @param pruneBatchSize rows deleted per statement (default 10,000)
     */
    public record Inbox(Duration retention, Duration pruneInterval, int pruneBatchSize) {

        public Inbox {
            retention = retention == null ? Duration.ofDays(14) : retention;
            pruneInterval = pruneInterval == null ? Duration.ofHours(1) : pruneInterval;
            pruneBatchSize = pruneBatchSize == 0 ? 10_000 : pruneBatchSize;
            if (retention.toSeconds() < 1 || pruneInterval.toMillis() < 1 || pruneBatchSize < 1) {
                throw new IllegalArgumentException("messaging.inbox.retention and prune-interval must be positive "
                        + "durations and prune-batch-size a positive number");
            }
        }
    }
}
