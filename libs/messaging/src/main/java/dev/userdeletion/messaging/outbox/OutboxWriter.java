package dev.userdeletion.messaging.outbox;

import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishing an event is inserting it into the outbox in the caller's transaction: it reaches Kafka
 * if and only if the transaction commits. The row is deleted again in the same transaction; the
 * relay reads the insert from the WAL.
 */
public class OutboxWriter {

    private static final String INSERT = "INSERT INTO outbox (id, topic, aggregate_id, type, schema_version, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final EventCodec codec;

    public OutboxWriter(JdbcTemplate jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** Publishes one event; returns its event id. */
    public UUID publish(Event event) {
        return publishAll(List.of(event)).getFirst();
    }

    /** Publishes events in the given order (the relay keeps that order per key); returns their ids. */
    public List<UUID> publishAll(List<? extends Event> events) {
        List<Row> rows = new ArrayList<>(events.size());
        for (Event event : events) {
            EventType type = EventType.of(event);
            rows.add(new Row(UUID.randomUUID(), type, event.key(), codec.encode(event)));
        }
        write(rows);
        return rows.stream().map(Row::id).toList();
    }

    /** Publishes a tombstone (null value) for {@code key} on the topic of {@code type}, e.g. a deleted user. */
    public UUID publishTombstone(EventType type, String key) {
        return publishTombstones(type, List.of(key)).getFirst();
    }

    /** Publishes one tombstone per key, in order; returns their event ids. */
    public List<UUID> publishTombstones(EventType type, List<String> keys) {
        List<Row> rows = keys.stream().map(key -> new Row(UUID.randomUUID(), type, key, null)).toList();
        write(rows);
        return rows.stream().map(Row::id).toList();
    }

    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Events must be published inside the transaction of the change they announce");
        }
        jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Row row = rows.get(i);
                ps.setObject(1, row.id());
                ps.setString(2, row.type().topic());
                ps.setString(3, row.key());
                ps.setString(4, row.type().wireName());
                ps.setInt(5, row.type().version());
                ps.setString(6, row.payload());
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        UUID[] ids = rows.stream().map(Row::id).toArray(UUID[]::new);
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)");
            ps.setArray(1, con.createArrayOf("uuid", ids));
            return ps;
        });
    }

    private record Row(UUID id, EventType type, String key, String payload) {
    }
}
