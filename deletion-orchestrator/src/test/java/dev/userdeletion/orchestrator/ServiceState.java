package dev.userdeletion.orchestrator;

import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What a refused request must leave as it was: every row of every table of the orchestrator's database, and what
 * it published on Kafka. The outbox table is emptied in the transaction that writes it, so publications are
 * checked on the topics themselves, behind a barrier (see {@link #publishedSince}). The outcome listener is the
 * service's only writer that no request drives; tests pause it while they compare.
 */
final class ServiceState implements AutoCloseable {

    private final JdbcTemplate jdbc;
    private final MessageListenerContainer outcomes;
    private final Admin admin;
    /** One statement: per table its row count and the sum of a 64-bit hash of each row (no sort needed). */
    private final String digestAll;

    ServiceState(ApplicationContext context) {
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.outcomes = context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("deletion-outcomes");
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()));
        List<String> tables = jdbc.queryForList("""
                SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""",
                String.class);
        this.digestAll = tables.stream()
                .map(table -> "SELECT '" + table + "', count(*) || ' rows, hash sum '"
                        + " || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) FROM " + table + " t")
                .collect(Collectors.joining(" UNION ALL "));
    }

    /** Every table with its row count and a digest of its rows: any inserted, deleted or changed row shows. */
    Map<String, String> tables() {
        Map<String, String> digests = new TreeMap<>();
        jdbc.query(digestAll, row -> {
            digests.put(row.getString(1), row.getString(2));
        });
        return digests;
    }

    /**
     * The next transaction id PostgreSQL will assign. Only a transaction that writes (or locks a row) is given an
     * id, so while this stays the same no row of any table can have changed: a cheap first check before
     * {@link #tables()}.
     */
    long nextTransactionId() {
        Long next = jdbc.queryForObject("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
        return next == null ? 0 : next;
    }

    /** The end offset of every partition of the topics the orchestrator writes to. */
    Map<TopicPartition, Long> topicEnds() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(KafkaEvents.READ).allTopicNames().get().values().forEach(topic ->
                    topic.partitions().forEach(p ->
                            latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the tables and topics stop moving (earlier tests' events still on their way through the relay),
     * with the outcome listener paused; returns the topic ends to compare against later.
     */
    Map<TopicPartition, Long> quiet() {
        outcomes.pause();
        await().atMost(Duration.ofSeconds(30)).until(outcomes::isContainerPaused);
        Object[] last = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Object now = List.of(tables(), topicEnds());
            boolean stable = now.equals(last[0]);
            last[0] = now;
            return stable;
        });
        return topicEnds();
    }

    void resumeOutcomes() {
        outcomes.resume();
    }

    /**
     * Every record published to the orchestrator's topics since {@code before}, once the relay has caught up:
     * {@code barrier} (a request confirmed after the calls under test, with {@code barrierCommands} users) is
     * relayed after anything those calls wrote to the outbox, so once its events are on Kafka and the ends stop
     * moving, whatever those calls published is among the records returned.
     */
    List<KafkaEvents.Received> publishedSince(Map<TopicPartition, Long> before, UUID barrier, int barrierCommands) {
        KafkaEvents kafka = IntegrationTest.kafka();
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.commands(barrier).size() == barrierCommands
                && kafka.confirmations(barrier).size() == 1);
        Object[] last = {null};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<TopicPartition, Long> ends = topicEnds();
            boolean stable = ends.equals(last[0]) && kafka.hasRead(ends);
            last[0] = ends;
            return stable;
        });
        return kafka.since(before);
    }

    /** The requests {@code records} belong to (null for a record of no request, e.g. a dead letter). */
    static Set<UUID> requestsOf(List<KafkaEvents.Received> records) {
        return records.stream().map(KafkaEvents::requestOf).collect(Collectors.toCollection(HashSet::new));
    }

    @Override
    public void close() {
        admin.close();
    }
}
