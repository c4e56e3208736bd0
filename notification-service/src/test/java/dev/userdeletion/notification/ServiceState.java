package dev.userdeletion.notification;

import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a refused (or read-only) request must leave as it was: every row of every table of the service's
 * database, and the end of every product topic and dead-letter topic (what the service could publish; the
 * relay's own offset and heartbeat topics move by themselves). The service's other writers are its Kafka
 * listeners and the mail sender: {@link #quiesce()} pauses the listeners and waits until no mail is pending,
 * so a difference can only come from the requests under test.
 */
final class ServiceState implements AutoCloseable {

    /** Per table its row count and a digest of all its rows; per topic partition its end offset. */
    record Snapshot(Map<String, String> tables, Map<String, Long> topicEnds) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;
    private final KafkaListenerEndpointRegistry listeners;
    private final Admin kafka;
    private final List<String> tables;

    ServiceState(ApplicationContext context) {
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.outbox = context.getBean(OutboxWriter.class);
        this.transactions = context.getBean(TransactionTemplate.class);
        this.listeners = context.getBean(KafkaListenerEndpointRegistry.class);
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()));
        this.tables = jdbc.queryForList("""
                SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                ORDER BY 1""", String.class);
    }

    Snapshot snapshot() {
        return new Snapshot(tables(), topicEnds());
    }

    /** Every table, a row count and an md5 of its rows in a fixed order. */
    Map<String, String> tables() {
        Map<String, String> digests = new TreeMap<>();
        for (String table : tables) {
            digests.put(table, jdbc.queryForObject("SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, "
                    + "E'\\n' ORDER BY t::text), '')) FROM " + table + " t", String.class));
        }
        return digests;
    }

    /** The end offset of every partition of the product's topics and their dead-letter topics. */
    Map<String, Long> topicEnds() {
        List<String> names = Topics.ALL.stream().flatMap(t -> List.of(t, Topics.deadLetterTopic(t)).stream()).toList();
        try {
            Map<String, TopicDescription> topics = kafka.describeTopics(names).allTopicNames().get();
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

    /** Pauses every listener (their consumers stay in their groups) and waits until every queued mail is sent. */
    void quiesce() {
        listeners.getListenerContainers().forEach(MessageListenerContainer::pause);
        await().atMost(IntegrationTest.WAIT).until(() -> listeners.getListenerContainers().stream()
                .allMatch(MessageListenerContainer::isContainerPaused));
        await().atMost(IntegrationTest.WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM mail WHERE state = 'PENDING'", Integer.class) == 0);
        awaitRelayed();
    }

    /**
     * Waits until every event committed so far is on Kafka: the relay publishes in commit order, so once a marker
     * written now has arrived, so has everything before it (events of earlier tests included). The marker is a
     * {@code FollowUpClosed} of a case that does not exist, on a platform no test uses.
     */
    private void awaitRelayed() {
        UUID marker = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.publish(
                new FollowUpClosed(marker, "relay-barrier", UUID.randomUUID(), 0, Instant.now())));
        IntegrationTest.records(Topics.CSM_FOLLOWUPS, marker.toString(), received -> !received.isEmpty());
    }

    void resume() {
        listeners.getListenerContainers().forEach(MessageListenerContainer::resume);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
