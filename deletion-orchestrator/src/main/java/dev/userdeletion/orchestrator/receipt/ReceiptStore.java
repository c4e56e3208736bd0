package dev.userdeletion.orchestrator.receipt;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The receipt tables: upserts that fold like {@link ReceiptEvents}, and the reads of one receipt. */
@Repository
class ReceiptStore {

    private static final String RANK = "COALESCE(array_position(ARRAY['REJECTED','ALREADY_GONE','DELETED'], %s), 0)";
    private static final String CLIMBS = "(EXCLUDED.outcome IS NOT NULL AND " + RANK.formatted("EXCLUDED.outcome")
            + " > " + RANK.formatted("r.outcome") + ")";

    private final JdbcTemplate jdbc;

    ReceiptStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void write(ReceiptEvents folded) {
        List<Object[]> requests = new ArrayList<>();
        for (ReceiptChanges.RequestChange q : folded.requests.values()) {
            requests.add(new Object[] {q.requestId, q.platformId, q.confirmedBy, ts(q.confirmedAt), q.confirmedCount,
                    ts(q.completedAt), q.deleted, q.rejected, q.alreadyGone, q.rejectedByReason, ts(q.firstSeenAt)});
        }
        jdbc.batchUpdate("""
                INSERT INTO receipt_request AS r (request_id, platform_id, confirmed_by, confirmed_at, confirmed_count,
                    completed_at, deleted, rejected, already_gone, rejected_by_reason, first_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (request_id) DO UPDATE SET
                    confirmed_by = COALESCE(EXCLUDED.confirmed_by, r.confirmed_by),
                    confirmed_at = COALESCE(EXCLUDED.confirmed_at, r.confirmed_at),
                    confirmed_count = COALESCE(EXCLUDED.confirmed_count, r.confirmed_count),
                    completed_at = CASE WHEN r.completed_at IS NULL OR EXCLUDED.completed_at >= r.completed_at
                        THEN COALESCE(EXCLUDED.completed_at, r.completed_at) ELSE r.completed_at END,
                    deleted = CASE WHEN r.completed_at IS NULL OR EXCLUDED.completed_at >= r.completed_at
                        THEN COALESCE(EXCLUDED.deleted, r.deleted) ELSE r.deleted END,
                    rejected = CASE WHEN r.completed_at IS NULL OR EXCLUDED.completed_at >= r.completed_at
                        THEN COALESCE(EXCLUDED.rejected, r.rejected) ELSE r.rejected END,
                    already_gone = CASE WHEN r.completed_at IS NULL OR EXCLUDED.completed_at >= r.completed_at
                        THEN COALESCE(EXCLUDED.already_gone, r.already_gone) ELSE r.already_gone END,
                    rejected_by_reason = CASE WHEN r.completed_at IS NULL OR EXCLUDED.completed_at >= r.completed_at
                        THEN COALESCE(EXCLUDED.rejected_by_reason, r.rejected_by_reason) ELSE r.rejected_by_reason END,
                    first_seen_at = LEAST(r.first_seen_at, EXCLUDED.first_seen_at)""", requests);
        List<Object[]> users = new ArrayList<>();
        for (ReceiptChanges.UserChange u : folded.users.values()) {
            users.add(new Object[] {u.requestId, u.userId, u.commandId, u.requestedBy,
                    u.outcome == null ? null : u.outcome.name(), ts(u.outcomeAt), u.rejectionReason, ts(u.rejectedAt),
                    ts(u.resolvedAt)});
        }
        jdbc.batchUpdate("""
                INSERT INTO receipt_user AS r (request_id, user_id, command_id, requested_by, outcome, outcome_at,
                    rejection_reason, rejected_at, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (request_id, user_id) DO UPDATE SET
                    command_id = COALESCE(r.command_id, EXCLUDED.command_id),
                    requested_by = COALESCE(r.requested_by, EXCLUDED.requested_by),
                    outcome = CASE WHEN %1$s THEN EXCLUDED.outcome ELSE r.outcome END,
                    outcome_at = CASE WHEN %1$s THEN EXCLUDED.outcome_at ELSE r.outcome_at END,
                    rejection_reason = COALESCE(EXCLUDED.rejection_reason, r.rejection_reason),
                    rejected_at = LEAST(r.rejected_at, EXCLUDED.rejected_at),
                    resolved_at = GREATEST(r.resolved_at, EXCLUDED.resolved_at)""".formatted(CLIMBS), users);
        List<Object[]> cases = new ArrayList<>();
        for (ReceiptChanges.CaseChange k : folded.cases.values()) {
            cases.add(new Object[] {k.caseId, k.requestId, ts(k.openedAt), k.itemCount, ts(k.lastItemAddedAt),
                    ts(k.closedAt)});
        }
        jdbc.batchUpdate("""
                INSERT INTO receipt_follow_up AS r (case_id, request_id, opened_at, item_count, last_item_added_at,
                    closed_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (case_id) DO UPDATE SET
                    opened_at = COALESCE(r.opened_at, EXCLUDED.opened_at),
                    item_count = COALESCE(EXCLUDED.item_count, r.item_count),
                    last_item_added_at = GREATEST(r.last_item_added_at, EXCLUDED.last_item_added_at),
                    closed_at = GREATEST(r.closed_at, EXCLUDED.closed_at)""", cases);
    }

    Optional<Receipt.Header> header(String platformId, UUID requestId) {
        return jdbc.query("""
                SELECT request_id, platform_id, confirmed_by, confirmed_at, confirmed_count, completed_at, deleted,
                       rejected, already_gone, rejected_by_reason
                  FROM receipt_request WHERE request_id = ? AND platform_id = ?""",
                (rs, n) -> new Receipt.Header(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), (Integer) rs.getObject(5), instant(rs.getTimestamp(6)),
                        (Integer) rs.getObject(7), (Integer) rs.getObject(8), (Integer) rs.getObject(9),
                        rs.getString(10)), requestId, platformId).stream().findFirst();
    }

    /** Every user of the request in user id order, each with the follow-up case of their request if rejected. */
    void users(UUID requestId, Consumer<Receipt.User> each) {
        jdbc.query("""
                SELECT u.user_id, u.command_id, u.requested_by, u.outcome, u.outcome_at, u.rejection_reason,
                       u.rejected_at, u.resolved_at,
                       (SELECT f.case_id FROM receipt_follow_up f WHERE f.request_id = u.request_id
                         ORDER BY f.opened_at NULLS LAST LIMIT 1)
                  FROM receipt_user u WHERE u.request_id = ? ORDER BY u.user_id""",
                rs -> {
                    String reason = rs.getString(6);
                    each.accept(new Receipt.User(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getString(4) == null ? "PENDING" : rs.getString(4),
                            instant(rs.getTimestamp(5)), reason, instant(rs.getTimestamp(7)),
                            reason == null ? null : rs.getObject(9, UUID.class), instant(rs.getTimestamp(8))));
                }, requestId);
    }

    List<Receipt.FollowUp> followUps(UUID requestId) {
        return jdbc.query("""
                SELECT case_id, opened_at, item_count, last_item_added_at, closed_at FROM receipt_follow_up
                 WHERE request_id = ? ORDER BY opened_at NULLS LAST, case_id""",
                (rs, n) -> {
                    Instant added = instant(rs.getTimestamp(4));
                    Instant closed = instant(rs.getTimestamp(5));
                    boolean open = closed == null || (added != null && added.isAfter(closed));
                    return new Receipt.FollowUp(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)),
                            (Integer) rs.getObject(3), open ? "OPEN" : "CLOSED", open ? null : closed);
                }, requestId);
    }

    /** Deletes receipts first seen before {@code cutoff}; returns how many requests' receipts went. */
    int deleteOlderThan(Instant cutoff) {
        List<UUID> old = jdbc.queryForList("SELECT request_id FROM receipt_request WHERE first_seen_at < ?",
                UUID.class, ts(cutoff));
        if (old.isEmpty()) {
            return 0;
        }
        UUID[] ids = old.toArray(UUID[]::new);
        jdbc.update("DELETE FROM receipt_user WHERE request_id = ANY(?)", (Object) ids);
        jdbc.update("DELETE FROM receipt_follow_up WHERE request_id = ANY(?)", (Object) ids);
        return jdbc.update("DELETE FROM receipt_request WHERE request_id = ANY(?)", (Object) ids);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
