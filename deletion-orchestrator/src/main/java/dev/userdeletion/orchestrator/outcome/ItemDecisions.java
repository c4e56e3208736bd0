package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.orchestrator.Sql;
import dev.userdeletion.orchestrator.outcome.ReceivedOutcome.Decision;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Sets the outcome of frozen items from outcome events, one statement per batch. */
@Component
class ItemDecisions {

    private static final Logger log = LoggerFactory.getLogger(ItemDecisions.class);

    /** An item that got its outcome; {@code wasFailed}: its command or outcome had been dead-lettered before. */
    record Decided(UUID requestId, UUID userId, UUID commandId, ItemOutcome outcome, RejectionReason reason,
                   boolean wasFailed) {
    }

    /**
     * Sets the outcomes of a batch (arrays of request, user and command ids, outcomes, reasons) on undecided items.
     * Each id of the batch looks its item up and locks it while undecided ({@code LATERAL … LIMIT 1 FOR UPDATE}: a
     * subquery the planner cannot flatten, so it runs once per id, by primary key); the item is then updated by its
     * primary key. The batch's ids thus always drive the lookups: with {@code outcome IS NULL} on the updated table
     * itself, statistics taken while every item was decided made the planner expect one undecided item and loop over
     * the whole batch once per undecided item (20,000 × 100,000 comparisons: a delete-all stood still for 140 s).
     */
    static final String DECIDE = "UPDATE deletion_item i SET outcome = v.outcome, reason = v.reason,"
            + " decided_at = now() FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[])"
            + " AS v(request_id, user_id, command_id, outcome, reason)"
            + " CROSS JOIN LATERAL (SELECT FROM deletion_item d WHERE d.request_id = v.request_id"
            + " AND d.user_id = v.user_id AND d.command_id = v.command_id AND d.outcome IS NULL LIMIT 1 FOR UPDATE)"
            + " undecided"
            + " WHERE i.request_id = v.request_id AND i.user_id = v.user_id"
            + " RETURNING i.request_id, i.user_id, i.command_id, i.outcome, i.reason, i.failure IS NOT NULL";

    private final JdbcTemplate jdbc;

    ItemDecisions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Sets each outcome on the item with the same request, user <em>and</em> command id that has none yet; returns
     * the items it set. An outcome for an unknown command or a decided item sets nothing. Looks each item up by
     * primary key whatever the table's statistics say ({@link Sql#updateByPrimaryKey}); in the caller's transaction.
     */
    List<Decided> decide(List<Decision> outcomes) {
        List<UUID> requestIds = new ArrayList<>(outcomes.size());
        List<UUID> userIds = new ArrayList<>(outcomes.size());
        List<UUID> commandIds = new ArrayList<>(outcomes.size());
        List<String> kinds = new ArrayList<>(outcomes.size());
        List<String> reasons = new ArrayList<>(outcomes.size());
        for (Decision r : outcomes) {
            requestIds.add(r.requestId());
            userIds.add(r.userId());
            commandIds.add(r.commandId());
            kinds.add(r.kind().name());
            reasons.add(r.reason() == null ? null : r.reason().name());
        }
        return Sql.updateByPrimaryKey(jdbc, () -> jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(DECIDE);
            ps.setArray(1, Sql.uuids(con, requestIds));
            ps.setArray(2, Sql.uuids(con, userIds));
            ps.setArray(3, Sql.uuids(con, commandIds));
            ps.setArray(4, Sql.texts(con, kinds));
            ps.setArray(5, Sql.texts(con, reasons));
            return ps;
        }, (rs, i) -> new Decided(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), ItemOutcome.valueOf(rs.getString(4)),
                rs.getString(5) == null ? null : RejectionReason.valueOf(rs.getString(5)), rs.getBoolean(6))));
    }

    /** Says which outcomes of the batch matched no pending command (the first ten). */
    void logIgnored(List<Decision> applied, List<Decided> decided) {
        Set<String> changed = new HashSet<>();
        decided.forEach(d -> changed.add(d.userId() + "/" + d.commandId()));
        List<Decision> ignored = applied.stream().filter(r -> !changed.contains(r.userId() + "/" + r.commandId()))
                .toList();
        ignored.stream().limit(10).forEach(r -> log.info("Outcome {} (event {}) for request {} user {} command {}"
                        + " matched no pending item (unknown command, or the item already has an outcome);"
                        + " nothing changed", r.kind(), r.eventId(), r.requestId(), r.userId(), r.commandId()));
        if (ignored.size() > 10) {
            log.info("... and {} more outcomes in this batch that matched no pending command", ignored.size() - 10);
        }
    }
}
