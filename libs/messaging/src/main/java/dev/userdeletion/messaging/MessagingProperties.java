package dev.userdeletion.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the outbox relay, the topics and the consumers ({@code messaging.*}). Every property has its own
 * default, so setting one key of a group leaves the others at theirs.
 *
 * @param relay     the Debezium relay that moves outbox rows to Kafka
 * @param topics    topic creation and checks at start-up
 * @param consumer  retries of failing records
 * @param inbox     how long the ids of consumed events are kept
 * @param broker    how readiness learns that Kafka cannot be reached
 * @param shutdown  the bound on a shutdown
 */
@ConfigurationProperties("messaging")
public record MessagingProperties(@DefaultValue Relay relay, @DefaultValue TopicSettings topics,
                                  @DefaultValue Consumer consumer, @DefaultValue Inbox inbox,
                                  @DefaultValue Broker broker, @DefaultValue Shutdown shutdown) {

    /**
     * @param deadline a shutdown on SIGTERM that still runs after this long logs what it waits for and halts the
     *                 process (default 25 s: within the 30 s an orchestrator usually grants before SIGKILL)
     */
    public record Shutdown(@DefaultValue("25s") Duration deadline) {

        public Shutdown {
            if (deadline.toMillis() < 1) {
                throw new IllegalArgumentException("messaging.shutdown.deadline must be positive");
            }
        }
    }

    /**
     * A Kafka client waits for a broker that is away without failing (a listener simply receives nothing), so the
     * service asks the cluster for its metadata in the background.
     *
     * @param checkInterval pause between two checks, and how long one may take (default 5 s)
     * @param unreadyAfter  readiness goes DOWN when no check has reached Kafka for this long (default 10 s)
     */
    public record Broker(@DefaultValue("5s") Duration checkInterval, @DefaultValue("10s") Duration unreadyAfter) {

        public Broker {
            if (checkInterval.toMillis() < 1 || unreadyAfter.toMillis() < 1) {
                throw new IllegalArgumentException("messaging.broker.check-interval and unready-after must be positive");
            }
        }
    }

    /**
     * @param enabled                  run the relay in this service (default true; off for services that publish
     *                                 nothing)
     * @param name                     slot, publication and offset-topic name; default: the application name
     * @param heartbeatInterval        Debezium heartbeat, keeps the replication slot from holding WAL (default 10 s)
     * @param maxBatchSize             rows per relay batch (default 8192)
     * @param pollInterval             how long the relay waits for more rows to fill a batch (default 50 ms)
     * @param offsetsReplicationFactor replication factor of the relay's offsets topic (default -1: the broker's
     *                                 {@code default.replication.factor})
     * @param maxSlotLag               WAL the replication slot may hold before readiness goes DOWN (default 1 GB)
     * @param unreadyAfter             how long the relay may be down (restarting) before readiness goes DOWN
     *                                 (default 60 s)
     * @param leaderCheckInterval      with several instances, one relay per database is active (it holds an advisory
     *                                 lock): how often the active one checks it still holds it and a standby tries to
     *                                 take it (default 2 s)
     * @param leaderTimeout            an active relay that has not checked its lock for this long (a frozen process,
     *                                 a host cut off) loses it to a standby: the {@code idle_session_timeout} of the
     *                                 lock's session (default 15 s; at least twice the check interval)
     */
    public record Relay(@DefaultValue("true") boolean enabled, String name,
                        @DefaultValue("10s") Duration heartbeatInterval, @DefaultValue("8192") int maxBatchSize,
                        @DefaultValue("50ms") Duration pollInterval,
                        @DefaultValue("-1") short offsetsReplicationFactor, @DefaultValue("1GB") DataSize maxSlotLag,
                        @DefaultValue("60s") Duration unreadyAfter, @DefaultValue("2s") Duration leaderCheckInterval,
                        @DefaultValue("15s") Duration leaderTimeout) {

        public Relay {
            if (maxBatchSize < 1 || offsetsReplicationFactor == 0 || offsetsReplicationFactor < -1) {
                throw new IllegalArgumentException("messaging.relay.max-batch-size must be positive and"
                        + " offsets-replication-factor -1 (the broker's default) or positive");
            }
            if (leaderCheckInterval.toMillis() < 1 || leaderTimeout.compareTo(leaderCheckInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("messaging.relay.leader-check-interval must be positive and"
                        + " leader-timeout at least twice as long");
            }
        }
    }

    /**
     * @param create     create missing topics and check existing ones at start (default true)
     * @param partitions partitions per topic (default 6); an existing keyed topic with another count is refused
     * @param replicas   replication factor (default 1, a single local broker)
     */
    public record TopicSettings(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions,
                                @DefaultValue("1") short replicas) {

        public TopicSettings {
            if (partitions < 1 || replicas < 1) {
                throw new IllegalArgumentException("messaging.topics.partitions and replicas must be positive");
            }
        }
    }

    /**
     * @param attempts      deliveries of a record that fails on its own before it goes to the dead-letter topic
     *                      (default 3)
     * @param retryInterval pause between them, and the first pause while the infrastructure is away (default 500 ms)
     * @param maxBackoff    longest pause between deliveries while the infrastructure is away (default 30 s); such
     *                      failures are retried for as long as they last
     * @param unreadyAfter  how long a listener may wait for the infrastructure before readiness goes DOWN
     *                      (default 5 s)
     */
    public record Consumer(@DefaultValue("3") int attempts, @DefaultValue("500ms") Duration retryInterval,
                           @DefaultValue("30s") Duration maxBackoff, @DefaultValue("5s") Duration unreadyAfter) {

        public Consumer {
            if (attempts < 1 || retryInterval.isNegative() || maxBackoff.compareTo(retryInterval) < 0) {
                throw new IllegalArgumentException("messaging.consumer.attempts must be at least 1 and max-backoff"
                        + " at least retry-interval");
            }
        }
    }

    /**
     * @param retention      how long the id of a consumed event is kept (default 14 days). Keep it longer than
     *                       the retention of every non-compacted topic the service consumes (Kafka's default is
     *                       7 days): a record that can still be delivered again must still find its id.
     * @param pruneInterval  pause between two prunings (default 1 hour; the first runs a minute after start)
     * @param pruneBatchSize rows deleted per statement (default 10,000)
     */
    public record Inbox(@DefaultValue("14d") Duration retention, @DefaultValue("1h") Duration pruneInterval,
                        @DefaultValue("10000") int pruneBatchSize) {

        public Inbox {
            if (retention.toSeconds() < 1 || pruneInterval.toMillis() < 1 || pruneBatchSize < 1) {
                throw new IllegalArgumentException("messaging.inbox.retention and prune-interval must be positive "
                        + "durations and prune-batch-size a positive number");
            }
        }
    }
}
