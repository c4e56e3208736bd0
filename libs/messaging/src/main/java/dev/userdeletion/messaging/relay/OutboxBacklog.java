package dev.userdeletion.messaging.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import dev.userdeletion.messaging.outbox.TombstoneRow;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes the rows still in the outbox table straight from the table, exactly as the relay's Outbox Event Router
 * would (same key, value and headers), then deletes them. Used when the replication slot had to be created: rows
 * committed before it existed were never decoded. A row that the slot decodes as well goes out twice, with the same
 * event id, which consumers recognise.
 */
final class OutboxBacklog {

    private static final int PAGE = 1000;

    private final JdbcTemplate jdbc;
    private final RelayedRows relayed;

    OutboxBacklog(JdbcTemplate jdbc, RelayedRows relayed) {
        this.jdbc = jdbc;
        this.relayed = relayed;
    }

    private record Row(long seq, UUID id, String topic, String key, String type, int version, String payload,
                       long createdAt, String traceparent) {
    }

    /** Returns how many rows were published. */
    int publish(Producer<String, byte[]> producer) {
        int published = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<Row> rows = jdbc.query("SELECT seq, id, topic, aggregate_id, type, schema_version, payload, created_at,"
                            + " traceparent FROM outbox WHERE seq > ? ORDER BY seq LIMIT " + PAGE,
                    (rs, i) -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getString(7), rs.getLong(8), rs.getString(9)), after);
            if (rows.isEmpty()) {
                return published;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                for (ProducerRecord<String, byte[]> record : toRecords(row)) {
                    acks.add(producer.send(record));
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                await(ack);
            }
            relayed.delete(rows.stream().map(Row::id).toList());
            published += rows.size();
            after = rows.getLast().seq();
        }
    }

    private static List<ProducerRecord<String, byte[]>> toRecords(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaPublisher.ID_HEADER, row.id().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaPublisher.TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaPublisher.VERSION_HEADER, String.valueOf(row.version()).getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaPublisher.CREATED_AT_HEADER, String.valueOf(row.createdAt()).getBytes(StandardCharsets.UTF_8));
        if (row.traceparent() != null) {
            headers.add("traceparent", row.traceparent().getBytes(StandardCharsets.US_ASCII));
        }
        if (TombstoneRow.TYPE.equals(row.type())) {
            return KafkaPublisher.tombstones(row.topic(), row.createdAt(), row.id(), row.payload(), headers);
        }
        byte[] value = row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8);
        return List.of(new ProducerRecord<>(row.topic(), null, row.createdAt(), row.key(), value, headers));
    }

    private static void await(Future<RecordMetadata> ack) {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused an outbox event of the backlog", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the outbox backlog", e);
        }
    }
}
