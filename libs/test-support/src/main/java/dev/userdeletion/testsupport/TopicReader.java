package dev.userdeletion.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The tests' one way to read what a service published: a topic read from its first record by a consumer of its own,
 * assigned every partition (no consumer group, so no group to join and no offsets left behind).
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;

    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Every record on {@code topic} up to its end offsets when the call began, in partition order; none if the topic
     * does not exist.
     */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = fromTheStart(topic, Duration.ZERO)) {
            List<TopicPartition> partitions = List.copyOf(consumer.assignment());
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Reads {@code topic} from its start until the records that pass {@code filter} satisfy {@code done} (failing
     * after {@code patience}), then goes on for {@code settle}, so that a record published by mistake right behind
     * the expected ones is returned too. A topic that does not exist yet (a service creates it with its first record)
     * is waited for within the same patience.
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                          Duration patience, Duration settle) {
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = fromTheStart(topic, patience)) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), POLL.toNanos()));
            await().atMost(left).pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(POLL).forEach(r -> keep(r, filter, matched));
                return done.test(matched);
            });
            long end = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < end) {
                consumer.poll(POLL).forEach(r -> keep(r, filter, matched));
            }
        }
        return matched;
    }

    private static void keep(ConsumerRecord<String, byte[]> record, Predicate<ConsumerRecord<String, byte[]>> filter,
                             List<ConsumerRecord<String, byte[]>> matched) {
        if (filter.test(record)) {
            matched.add(record);
        }
    }

    /** A consumer assigned every partition of {@code topic} at its start, once the topic exists (up to {@code wait}). */
    private KafkaConsumer<String, byte[]> fromTheStart(String topic, Duration wait) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions(consumer, topic);
        if (partitions.isEmpty() && !wait.isZero()) {
            partitions = await().atMost(wait).pollInterval(POLL).until(() -> partitions(consumer, topic),
                    found -> !found.isEmpty());
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
