package dev.userdeletion.userquery;

import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What a refused (or read-only) request must leave as it was: every row of every table of the service's
 * database and the end of every Kafka topic (what was published). The projection is the service's other
 * writer (the tally compactor only folds what the projection appended); tests pause it while they compare, so a
 * difference can only come from their requests.
 */
final class ServiceState implements AutoCloseable {

    /** Per table its row count and a digest of all its rows; per topic partition its end offset. */
    record Snapshot(Map<String, String> tables, Map<String, Long> topicEnds) {
    }

    private final JdbcTemplate jdbc;
    private final MessageListenerContainer projection;
    private final Admin kafka;
    /** One statement for all tables: per table its name, row count and the sum of a 64-bit hash of each row. */
    private final String digestAll;

    ServiceState(ApplicationContext context) {
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.projection = context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("user-state-projection");
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
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

    Snapshot snapshot() {
        return new Snapshot(tables(), topicEnds());
    }

    /**
     * Every table, its row count and the sum of a 64-bit hash of each row: any inserted, deleted or changed row
     * changes it, and it needs no sort.
     */
    Map<String, String> tables() {
        Map<String, String> digests = new TreeMap<>();
        jdbc.query(digestAll, row -> {
            digests.put(row.getString(1), row.getString(2));
        });
        return digests;
    }

    /**
     * The server's first transaction id not yet completed. Every write takes a transaction id, so while this
     * stays put nothing has been written, in any table; it is one cheap query, where {@link #tables()} reads
     * every row. (It also moves for writes that are not the service's, e.g. autovacuum's analyze.)
     */
    long writeHorizon() {
        return jdbc.queryForObject("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", Long.class);
    }

    /** The end offset of every partition of every topic of the broker. */
    Map<String, Long> topicEnds() {
        try {
            Map<String, TopicDescription> topics = kafka.describeTopics(kafka.listTopics().names().get())
                    .allTopicNames().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(topic -> topic.partitions().forEach(p ->
                    latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<String, Long> ends = new TreeMap<>();
            kafka.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.toString(), info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the projection from writing (its consumers stay in the group) until {@link #resumeProjection()}, and
     * waits until the tally compactor has folded the deltas the projection left: after that it finds nothing to do,
     * so nothing but the requests under test can change a table.
     */
    void pauseProjection() {
        projection.pause();
        await().atMost(IntegrationTest.PATIENCE).until(projection::isContainerPaused);
        await().atMost(IntegrationTest.PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM platform_user_tally_delta", Long.class) == 0);
    }

    void resumeProjection() {
        projection.resume();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
