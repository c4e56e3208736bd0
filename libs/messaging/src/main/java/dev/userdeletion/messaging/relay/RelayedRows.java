package dev.userdeletion.messaging.relay;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Deletes outbox rows whose events Kafka has acknowledged. */
final class RelayedRows {

    private final JdbcTemplate jdbc;

    RelayedRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void delete(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        UUID[] ids = eventIds.toArray(UUID[]::new);
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)");
            ps.setArray(1, con.createArrayOf("uuid", ids));
            return ps;
        });
    }
}
