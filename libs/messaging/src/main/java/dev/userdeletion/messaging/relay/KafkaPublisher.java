package dev.userdeletion.messaging.relay;

import dev.userdeletion.messaging.outbox.TombstoneRow;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Sends a batch of routed outbox events to Kafka, waits until Kafka has acknowledged all of them, deletes their
 * outbox rows, and only then tells Debezium they are processed. A failure stops the batch unacknowledged, so it
 * is read again after the relay restarts (at least once, never lost). Every batch, heartbeats included, tells the
 * relay it is alive.
 */
final class KafkaPublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
    static final String ID_HEADER = "id";
    static final String CREATED_AT_HEADER = "createdAt";
    static final String TYPE_HEADER = "eventType";
    static final String VERSION_HEADER = "schemaVersion";

    private final Producer<String, byte[]> producer;
    private final RelayedRows relayed;
    private final Runnable alive;
    private final MeterRegistry meters;
    private final Map<String, Counter> publishedByTopic = new ConcurrentHashMap<>();
    private final Timer lag;

    KafkaPublisher(Producer<String, byte[]> producer, RelayedRows relayed, Runnable alive, MeterRegistry meters) {
        this.producer = producer;
        this.relayed = relayed;
        this.alive = alive;
        this.meters = meters;
        this.lag = Timer.builder("outbox.relay.lag")
                .description("Time from the writing of an outbox row to Kafka's acknowledgement of its event")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        List<SourceRecord> sent = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> change : records) {
            SourceRecord record = change.record();
            if (record.topic().startsWith(HEARTBEAT_TOPIC_PREFIX)) {
                continue;
            }
            for (ProducerRecord<String, byte[]> out : toProducerRecords(record)) {
                acks.add(producer.send(out));
                published(out.topic());
            }
            sent.add(record);
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka refused an outbox event; the batch will be relayed again", e.getCause());
            }
        }
        relayed.delete(sent.stream().map(KafkaPublisher::eventId).toList());
        Instant now = Instant.now();
        for (SourceRecord record : sent) {
            Instant written = writtenAt(record);
            if (written != null) {
                lag.record(Duration.between(written, now).isNegative() ? Duration.ZERO : Duration.between(written, now));
            }
        }
        for (RecordChangeEvent<SourceRecord> change : records) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        alive.run();
    }

    private void published(String topic) {
        publishedByTopic.computeIfAbsent(topic, t -> Counter.builder("outbox.events.published")
                .description("Events relayed from the outbox to Kafka (a row of tombstones counts each)")
                .tag("topic", t).register(meters)).increment();
    }

    private static UUID eventId(SourceRecord record) {
        Header header = record.headers().lastWithName(ID_HEADER);
        if (header == null || header.value() == null) {
            throw new IllegalStateException("An outbox event without its id header reached the relay");
        }
        return UUID.fromString(String.valueOf(header.value()));
    }

    /** When the row was written ({@code created_at}, epoch milliseconds of the writing transaction), from its header. */
    private static Instant writtenAt(SourceRecord record) {
        Header header = record.headers().lastWithName(CREATED_AT_HEADER);
        if (header == null || !(header.value() instanceof Number millis)) {
            return null;
        }
        return Instant.ofEpochMilli(millis.longValue());
    }

    /** The record of an outbox row; one tombstone per key for a {@link TombstoneRow}. */
    private static List<ProducerRecord<String, byte[]>> toProducerRecords(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.add(header.key(), String.valueOf(header.value()).getBytes(StandardCharsets.UTF_8));
            }
        }
        String key = record.key() == null ? null : String.valueOf(record.key());
        String value = record.value() == null ? null : String.valueOf(record.value());
        Header type = record.headers().lastWithName(TYPE_HEADER);
        if (type != null && TombstoneRow.TYPE.equals(String.valueOf(type.value()))) {
            return tombstones(record.topic(), record.timestamp(), eventId(record), value, headers);
        }
        return List.of(new ProducerRecord<>(record.topic(), null, record.timestamp(), key,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers));
    }

    /** The tombstones of a row: its headers (trace, createdAt) with each tombstone's own id, type and version. */
    static List<ProducerRecord<String, byte[]>> tombstones(String topic, Long timestamp, UUID rowId, String payload,
                                                        RecordHeaders rowHeaders) {
        TombstoneRow.Expanded expanded = TombstoneRow.expand(rowId, payload);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(expanded.tombstones().size());
        for (TombstoneRow.Tombstone tombstone : expanded.tombstones()) {
            RecordHeaders headers = new RecordHeaders(rowHeaders.toArray());
            headers.remove(ID_HEADER).remove(TYPE_HEADER).remove(VERSION_HEADER);
            headers.add(ID_HEADER, tombstone.eventId().toString().getBytes(StandardCharsets.UTF_8));
            headers.add(TYPE_HEADER, expanded.eventType().getBytes(StandardCharsets.UTF_8));
            headers.add(VERSION_HEADER, String.valueOf(expanded.schemaVersion()).getBytes(StandardCharsets.UTF_8));
            records.add(new ProducerRecord<>(topic, null, timestamp, tombstone.key(), null, headers));
        }
        return records;
    }
}
