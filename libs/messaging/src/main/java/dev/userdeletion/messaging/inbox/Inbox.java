package dev.userdeletion.messaging.inbox;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers which events a consumer has applied. Call {@link #firstDelivery} in the transaction that
 * applies the event: the id is recorded if and only if the effect commits, so a redelivered event is
 * recognised and skipped.
 */
public class Inbox {

    private final JdbcTemplate jdbc;

    public Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time {@code consumer} sees {@code eventId}; false for a redelivery. */
    public boolean firstDelivery(String consumer, UUID eventId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The inbox must be written in the transaction that applies the event");
        }
        return jdbc.update("INSERT INTO inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, eventId) == 1;
    }

    /**
     * The ids among {@code eventIds} that {@code consumer} sees for the first time, recorded in one
     * statement. An id repeated within {@code eventIds} is returned once: callers must apply each
     * returned id once (deduplicate their batch by id), not once per record.
     */
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The inbox must be written in the transaction that applies the events");
        }
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        UUID[] ids = eventIds.toArray(UUID[]::new);
        return new HashSet<>(jdbc.query(con -> {
            var ps = con.prepareStatement("INSERT INTO inbox (consumer, event_id) SELECT ?, unnest(?::uuid[])"
                    + " ON CONFLICT DO NOTHING RETURNING event_id");
            ps.setString(1, consumer);
            ps.setArray(2, con.createArrayOf("uuid", ids));
            return ps;
        }, (rs, i) -> rs.getObject(1, UUID.class)));
    }
}
