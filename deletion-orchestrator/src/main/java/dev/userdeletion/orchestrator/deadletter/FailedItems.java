package dev.userdeletion.orchestrator.deadletter;

import dev.userdeletion.orchestrator.Sql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Marks items whose command or outcome was dead-lettered, and counts them on their requests. */
@Component
class FailedItems {

    private static final Logger log = LoggerFactory.getLogger(FailedItems.class);
    /**
     * Marks the undecided, not yet failed items of a batch (arrays of request, user, command ids and reasons); the
     * batch's ids drive the lookups whatever the statistics say, as in {@code ItemDecisions.DECIDE}.
     */
    static final String MARK = "UPDATE deletion_item i SET failure = v.reason, failed_at = now()"
            + " FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::varchar[])"
            + " AS v(request_id, user_id, command_id, reason)"
            + " CROSS JOIN LATERAL (SELECT FROM deletion_item d WHERE d.request_id = v.request_id"
            + " AND d.user_id = v.user_id AND d.command_id = v.command_id AND d.outcome IS NULL AND d.failure IS NULL"
            + " LIMIT 1 FOR UPDATE) pending"
            + " WHERE i.request_id = v.request_id AND i.user_id = v.user_id RETURNING i.request_id";

    /** Marks the undecided, not yet failed items of one chunk (request, command, reason). */
    static final String MARK_CHUNK = "UPDATE deletion_item SET failure = ?, failed_at = now()"
            + " WHERE request_id = ? AND command_id = ? AND outcome IS NULL AND failure IS NULL RETURNING request_id";

    /**
     * One dead-lettered command or outcome, tied to its item; {@code userId} null: to every item of the command
     * (a record that broke its contract names its chunk but not readably its users).
     */
    record Failure(UUID requestId, UUID userId, UUID commandId, String reason) {

        static Failure ofChunk(UUID requestId, UUID commandId, String reason) {
            return new Failure(requestId, null, commandId, reason);
        }
    }

    private final JdbcTemplate jdbc;
    private final Counter unattributed;

    FailedItems(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.unattributed = Counter.builder("deletion.dead.letters.unattributed")
                .description("Dead-letter records of the deletion traffic that name no known request").register(meters);
    }

    /**
     * Marks each still undecided, not yet failed item; raises {@code failed} and the version of its request. An
     * item already decided (the outcome came through after all) or already marked changes nothing, so a redelivered
     * dead-letter record is harmless.
     */
    @Transactional
    public void mark(List<Failure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        List<UUID> requests = new ArrayList<>();
        List<UUID> users = new ArrayList<>();
        List<UUID> commands = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Failure> chunks = new ArrayList<>();
        failures.forEach(f -> {
            if (f.userId() == null) {
                chunks.add(f);
                return;
            }
            requests.add(f.requestId());
            users.add(f.userId());
            commands.add(f.commandId());
            reasons.add(f.reason());
        });
        Map<UUID, Integer> marked = new TreeMap<>();
        RowCallbackHandler countMarked = rs -> {
            marked.merge(rs.getObject(1, UUID.class), 1, Integer::sum);
        };
        Sql.updateByPrimaryKey(jdbc, () -> {
            if (!requests.isEmpty()) {
                jdbc.query(con -> {
                    PreparedStatement ps = con.prepareStatement(MARK);
                    ps.setArray(1, Sql.uuids(con, requests));
                    ps.setArray(2, Sql.uuids(con, users));
                    ps.setArray(3, Sql.uuids(con, commands));
                    ps.setArray(4, Sql.texts(con, reasons));
                    return ps;
                }, countMarked);
            }
            chunks.forEach(f -> jdbc.query(MARK_CHUNK, countMarked, f.reason(), f.requestId(), f.commandId()));
            return marked;
        });
        List<Object[]> updates = new ArrayList<>();
        marked.forEach((request, count) -> updates.add(new Object[] {count, request}));
        jdbc.batchUpdate("UPDATE deletion_request SET failed = failed + ?, version = version + 1, updated_at = now()"
                + " WHERE id = ?", updates);
        marked.forEach((request, count) -> log.warn("Deletion request {}: {} users FAILED (their command or outcome"
                + " went to a dead-letter topic); the request shows them at once and waits for a replay", request,
                count));
    }

    void countUnattributed() {
        unattributed.increment();
    }
}
