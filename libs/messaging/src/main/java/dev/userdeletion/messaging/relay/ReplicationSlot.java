package dev.userdeletion.messaging.relay;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relay's publication (inserts into {@code outbox} only) and logical replication slot ({@code pgoutput}), and
 * the generation that names the relay's offsets ({@code outbox_relay_slot}).
 */
final class ReplicationSlot {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSlot.class);

    /** The slot as found at start-up: its generation, and whether it had to be created. */
    record Prepared(UUID generation, boolean created, boolean lost) {
    }

    private final JdbcTemplate jdbc;
    private final String name;

    ReplicationSlot(JdbcTemplate jdbc, String name) {
        this.jdbc = jdbc;
        this.name = name;
    }

    String name() {
        return name;
    }

    /**
     * Creates what is missing. A slot that is missing although this database had one ({@code outbox_relay_slot})
     * was lost: events committed while it was gone were never decoded, so the caller must publish the backlog.
     */
    Prepared prepare() {
        Integer publications = jdbc.queryForObject("SELECT count(*) FROM pg_publication WHERE pubname = ?",
                Integer.class, name);
        // inserts only: the router reads inserts, and the relay's own deletes of relayed rows need not be decoded
        if (publications == null || publications == 0) {
            jdbc.execute("CREATE PUBLICATION " + name + " FOR TABLE public.outbox WITH (publish = 'insert')");
        } else {
            jdbc.execute("ALTER PUBLICATION " + name + " SET (publish = 'insert')");
        }
        List<UUID> generations = jdbc.queryForList("SELECT generation FROM outbox_relay_slot WHERE slot_name = ?",
                UUID.class, name);
        if (exists()) {
            if (!generations.isEmpty()) {
                return new Prepared(generations.getFirst(), false, false);
            }
            UUID generation = UUID.randomUUID();
            jdbc.update("INSERT INTO outbox_relay_slot (slot_name, generation) VALUES (?, ?)", name, generation);
            return new Prepared(generation, false, false);
        }
        jdbc.queryForList("SELECT pg_create_logical_replication_slot(?, 'pgoutput')", name);
        UUID generation = UUID.randomUUID();
        jdbc.update("INSERT INTO outbox_relay_slot (slot_name, generation) VALUES (?, ?) ON CONFLICT (slot_name)"
                + " DO UPDATE SET generation = EXCLUDED.generation, created_at = now()", name, generation);
        boolean lost = !generations.isEmpty();
        if (!lost) {
            log.info("Created replication slot {} and publication for the outbox relay", name);
        }
        return new Prepared(generation, true, lost);
    }

    boolean exists() {
        Integer slots = jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?",
                Integer.class, name);
        return slots != null && slots > 0;
    }

    /** WAL bytes the slot holds back (written but not yet confirmed by the relay); null if the slot is missing. */
    Long lagBytes() {
        List<Long> lag = jdbc.queryForList("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint"
                + " FROM pg_replication_slots WHERE slot_name = ?", Long.class, name);
        return lag.isEmpty() ? null : lag.getFirst();
    }
}
