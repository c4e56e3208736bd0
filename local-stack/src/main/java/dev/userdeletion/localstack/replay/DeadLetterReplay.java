package dev.userdeletion.localstack.replay;

import dev.userdeletion.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The operator's way back from a dead-letter topic: lists what is in {@code <topic>-dlt} (position, key, event type,
 * event id, the exception's class and when; never the payload, which may hold an email) and republishes the chosen
 * records to {@code <topic>} with their original key, value and headers (the dead-letter publisher's
 * {@code kafka_dlt-*} headers dropped). The event id is the original one, so consumers that applied it meanwhile
 * drop the replay, and replaying a record twice changes nothing. The records stay in the dead-letter topic.
 */
public final class DeadLetterReplay implements AutoCloseable {

    /** One dead-letter record as an operator sees it. */
    public record Entry(int partition, long offset, String key, String eventType, String eventId, String exception,
                        Instant deadLetteredAt) {

        public String position() {
            return partition + ":" + offset;
        }
    }

    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

    private final String deadLetterTopic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;

    public DeadLetterReplay(String bootstrapServers, String deadLetterTopic) {
        if (!Topics.isDeadLetterTopic(deadLetterTopic)) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (they end in "
                    + Topics.DEAD_LETTER_SUFFIX + ")");
        }
        this.deadLetterTopic = deadLetterTopic;
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "enable.auto.commit", "false", "group.id", "dead-letter-replay-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer());
    }

    /** Every record now in the dead-letter topic, in partition and offset order. */
    public List<Entry> list() {
        return read(record -> true).stream().map(DeadLetterReplay::entry).toList();
    }

    /** Republishes the records {@code chosen} picks to the source topic, in order; returns what was replayed. */
    public List<Entry> replay(Predicate<Entry> chosen) throws ExecutionException, InterruptedException {
        String source = Topics.sourceOf(deadLetterTopic);
        List<Entry> replayed = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : read(record -> chosen.test(entry(record)))) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                    headers.add(header);
                }
            }
            producer.send(new ProducerRecord<>(source, null, record.key(), record.value(), headers)).get();
            replayed.add(entry(record));
        }
        return replayed;
    }

    private List<ConsumerRecord<String, byte[]>> read(Predicate<ConsumerRecord<String, byte[]>> wanted) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                        && wanted.test(record)) {
                    found.add(record);
                }
            }
        }
        found.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return found;
    }

    private static Entry entry(ConsumerRecord<String, byte[]> record) {
        String exception = header(record, "kafka_dlt-exception-cause-fqcn");
        return new Entry(record.partition(), record.offset(), record.key(), header(record, "eventType"),
                header(record, "id"), exception != null ? exception : header(record, "kafka_dlt-exception-fqcn"),
                Instant.ofEpochMilli(record.timestamp()));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
