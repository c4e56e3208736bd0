package dev.userdeletion.messaging.outbox;

import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.messaging.tracing.TraceContext;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishing an event is inserting it into the outbox in the caller's transaction: it reaches Kafka
 * if and only if the transaction commits. The relay reads the insert from the WAL and deletes the row
 * once Kafka has acknowledged the event.
 */
public class OutboxWriter {

    /** One statement for any number of rows (a JDBC batch would run one INSERT per row), in the given order. */
    private static final String INSERT = "INSERT INTO outbox (traceparent, id, topic, aggregate_id, type,"
            + " schema_version, payload) SELECT ?::varchar, id, topic, aggregate_id, type, schema_version, payload"
            + " FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::text[])"
            + " WITH ORDINALITY AS e(id, topic, aggregate_id, type, schema_version, payload, n) ORDER BY n";

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final TraceContext traces;

    public OutboxWriter(JdbcTemplate jdbc, EventCodec codec) {
        this(jdbc, codec, TraceContext.none());
    }

    /** Each row also records the current trace ({@code traceparent}), which the relay sends as a header. */
    public OutboxWriter(JdbcTemplate jdbc, EventCodec codec, TraceContext traces) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.traces = traces;
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
            if (type.superseded()) {
                // consumers still read them from the log; nobody may add new ones
                throw new IllegalArgumentException(type.wireName() + " v" + type.version() + " is superseded");
            }
            rows.add(new Row(UUID.randomUUID(), type, event.key(), codec.encode(event)));
        }
        write(rows);
        return rows.stream().map(Row::id).toList();
    }

    /** Publishes a tombstone (null value) for {@code key} on the topic of {@code type}, e.g. a deleted user. */
    public UUID publishTombstone(EventType type, String key) {
        Row row = new Row(UUID.randomUUID(), type, key, null);
        write(List.of(row));
        return row.id();
    }

    /**
     * Publishes one tombstone per key, in order. Several keys go in one outbox row ({@link TombstoneRow}) that the
     * relay expands into one tombstone each.
     */
    public void publishTombstones(EventType type, List<String> keys) {
        if (keys.size() == 1) {
            publishTombstone(type, keys.getFirst());
        } else if (!keys.isEmpty()) {
            write(List.of(new Row(UUID.randomUUID(), type.topic(), keys.getFirst(), TombstoneRow.TYPE, type.version(),
                    TombstoneRow.payload(type, keys))));
        }
    }

    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Events must be published inside the transaction of the change they announce");
        }
        UUID[] ids = rows.stream().map(Row::id).toArray(UUID[]::new);
        String traceparent = traces.current();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT);
            ps.setString(1, traceparent);
            ps.setArray(2, con.createArrayOf("uuid", ids));
            ps.setArray(3, con.createArrayOf("varchar", rows.stream().map(Row::topic).toArray()));
            ps.setArray(4, con.createArrayOf("varchar", rows.stream().map(Row::key).toArray()));
            ps.setArray(5, con.createArrayOf("varchar", rows.stream().map(Row::type).toArray()));
            ps.setArray(6, con.createArrayOf("int4", rows.stream().map(Row::version).toArray()));
            ps.setArray(7, con.createArrayOf("text", rows.stream().map(Row::payload).toArray()));
            return ps;
        });
    }

    private record Row(UUID id, String topic, String key, String type, int version, String payload) {

        Row(UUID id, EventType type, String key, String payload) {
            this(id, type.topic(), key, type.wireName(), type.version(), payload);
        }
    }
}
