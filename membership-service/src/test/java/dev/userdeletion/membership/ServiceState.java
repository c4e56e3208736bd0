package dev.userdeletion.membership;

import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What a refused request must leave as it was: every row of every table of the service's database and the
 * end of every product topic (what was published). The Kafka listeners (the DeleteUser commands) are the
 * service's only writers besides its API; tests pause them while they compare.
 */
final class ServiceState implements AutoCloseable {

    private final JdbcTemplate jdbc;
    private final KafkaListenerEndpointRegistry listeners;
    private final Admin kafka;

    ServiceState(ApplicationContext context) {
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.listeners = context.getBean(KafkaListenerEndpointRegistry.class);
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()));
    }

    /** Every table (outbox and inbox included), each as its row count and a digest of all its rows. */
    static String tables(JdbcTemplate jdbc) {
        Map<String, String> tables = new TreeMap<>();
        for (String table : jdbc.queryForList("""
                SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""",
                String.class)) {
            tables.put(table, jdbc.queryForObject("SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, "
                    + "E'\\n' ORDER BY t::text), '')) FROM " + table + " t", String.class));
        }
        return tables.toString();
    }

    String tables() {
        return tables(jdbc);
    }

    /** The end offset of every partition of every product topic and its dead-letter topic. */
    Map<TopicPartition, Long> topicEnds() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(topic -> topics.add(Topics.deadLetterTopic(topic)));
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            kafka.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            kafka.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops every Kafka listener from executing anything (they stay in their groups) until {@link #resumeListeners()}. */
    void pauseListeners() {
        listeners.getListenerContainers().forEach(MessageListenerContainer::pause);
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.getListenerContainers().stream()
                .allMatch(MessageListenerContainer::isContainerPaused));
    }

    void resumeListeners() {
        listeners.getListenerContainers().forEach(MessageListenerContainer::resume);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
