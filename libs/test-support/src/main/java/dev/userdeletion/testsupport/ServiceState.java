package dev.userdeletion.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What a refused (or read-only) request must leave as it was: every row of every table of the service's database
 * and the end of the Kafka topics it could publish to. {@link #quiesce()} keeps the service's other writers quiet
 * meanwhile (its Kafka listeners are paused, then whatever they left is waited for), so a difference can only come
 * from the requests under test.
 */
public final class ServiceState implements AutoCloseable {

    /** How long the listeners and the service may take to become quiet. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Per table its row count and a digest of all its rows; per topic partition its end offset. */
    public record Snapshot(Map<String, String> tables, Map<TopicPartition, Long> topicEnds) {
    }

    /** The topics a snapshot covers, listed anew each time (so a topic created meanwhile shows). */
    @FunctionalInterface
    private interface TopicNames {
        Collection<String> list(Admin kafka) throws InterruptedException, ExecutionException;
    }

    /**
     * Every table but the outbox: its rows are written with the change they announce and deleted by the relay once
     * Kafka has them, in the background. What a service published is checked on the topics instead.
     */
    private static final String TABLES = """
            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
              AND NOT (table_schema = 'public' AND table_name = 'outbox')""";

    private final JdbcTemplate jdbc;
    private final Admin kafka;
    private final TopicNames topics;
    private final Collection<MessageListenerContainer> writers;
    private final Consumer<ServiceState> settle;

    private ServiceState(ApplicationContext context, TopicNames topics, Collection<MessageListenerContainer> writers,
                         Consumer<ServiceState> settle) {
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()));
        this.topics = topics;
        this.writers = List.copyOf(writers);
        this.settle = settle;
    }

    /**
     * The state of {@code topics} and the tables; {@link #quiesce()} pauses {@code writers} (Kafka listeners), then
     * runs {@code settle} to wait for what they left behind.
     */
    public static ServiceState of(ApplicationContext context, Collection<String> topics,
                                  Collection<MessageListenerContainer> writers, Consumer<ServiceState> settle) {
        List<String> names = List.copyOf(topics);
        return new ServiceState(context, kafka -> names, writers, settle);
    }

    /** As {@link #of}, for every product topic and its dead-letter topic: what a service can publish to. */
    public static ServiceState ofProductTopics(ApplicationContext context, Collection<MessageListenerContainer> writers,
                                               Consumer<ServiceState> settle) {
        return of(context, Stream.concat(Topics.ALL.stream(), Topics.ALL.stream().map(Topics::deadLetterTopic)).toList(),
                writers, settle);
    }

    /** As {@link #of}, for every topic of the broker. */
    public static ServiceState ofEveryTopic(ApplicationContext context, Collection<MessageListenerContainer> writers,
                                            Consumer<ServiceState> settle) {
        return new ServiceState(context, kafka -> kafka.listTopics().names().get(), writers, settle);
    }

    public Snapshot snapshot() {
        return new Snapshot(tables(), topicEnds());
    }

    public Map<String, String> tables() {
        return tables(jdbc);
    }

    /**
     * Every table but the outbox (inbox included), each as its row count and an md5 of all its rows in a fixed order:
     * any inserted, deleted or changed row shows. One statement, so a snapshot is one round trip.
     */
    public static Map<String, String> tables(JdbcTemplate jdbc) {
        String digestAll = jdbc.queryForList(TABLES, String.class).stream()
                .map(table -> "SELECT '" + table + "', count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, "
                        + "E'\\n' ORDER BY t::text), '')) FROM " + table + " t")
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, String> digests = new TreeMap<>();
        jdbc.query(digestAll, row -> {
            digests.put(row.getString(1), row.getString(2));
        });
        return digests;
    }

    /**
     * The server's first transaction id not yet completed. Every write takes a transaction id, so while this stays
     * put nothing has been written, in any table: one cheap query, where {@link #tables()} reads every row. (It also
     * moves for writes that are not the service's, e.g. autovacuum's analyze.)
     */
    public long writeHorizon() {
        return jdbc.queryForObject("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
    }

    /** The end offset of every partition of the topics this state covers. */
    public Map<TopicPartition, Long> topicEnds() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            kafka.describeTopics(topics.list(kafka)).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            // sorted by name, so a failure lists the partitions in a readable order
            Map<TopicPartition, Long> ends = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            kafka.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pauses the writers (their consumers stay in their groups) until {@link #resume()}, waits until they are
     * paused, then until the service has settled.
     */
    public void quiesce() {
        writers.forEach(MessageListenerContainer::pause);
        await().atMost(PATIENCE).until(() -> writers.stream().allMatch(MessageListenerContainer::isContainerPaused));
        settle.accept(this);
    }

    /**
     * Runs {@code requests} with the service {@link #quiesce() quiet} and asserts that they changed no table and
     * published nothing.
     */
    public void assertUnchangedBy(Runnable requests) {
        quiesce();
        try {
            Snapshot before = snapshot();
            requests.run();
            Snapshot after = snapshot();
            assertThat(after.tables()).as("every table of the database").isEqualTo(before.tables());
            assertThat(after.topicEnds()).as("the end of every topic").isEqualTo(before.topicEnds());
        } finally {
            resume();
        }
    }

    /** A settling step: waits until the tables and the topics stop moving (events still on their way through). */
    public void awaitStable() {
        Object[] last = {null};
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            Snapshot now = snapshot();
            boolean stable = now.equals(last[0]);
            last[0] = now;
            return stable;
        });
    }

    public void resume() {
        writers.forEach(MessageListenerContainer::resume);
    }

    /** Leaves the service as it was found: the writers resumed. */
    @Override
    public void close() {
        resume();
        kafka.close();
    }
}
