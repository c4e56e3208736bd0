package dev.userdeletion.orchestrator.request;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.orchestrator.Sql;
import dev.userdeletion.orchestrator.selection.SelectionMode;
import dev.userdeletion.orchestrator.selection.UserFilter;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** {@code deletion_request} over plain JDBC. Every read is scoped to a platform. */
@Repository
public class DeletionRequestRepository {

    private static final String COLUMNS = "id, platform_id, state, selection_mode, filter_email, filter_roles,"
            + " filter_last_login_on_or_before, selection_version, item_count, predicted_rejections, unknown_count,"
            + " unknown_user_ids, deleted, rejected_multi_platform, rejected_not_a_member, already_gone, created_by,"
            + " confirmed_by, created_at, reviewed_at, confirmed_at, completed_at, cancelled_at";

    public static final RowMapper<DeletionRequest> ROW = DeletionRequestRepository::map;

    private final JdbcTemplate jdbc;

    public DeletionRequestRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new DRAFT request; empty if the idempotency key was already used on this platform. */
    public Optional<DeletionRequest> insert(UUID id, String platformId, String createdBy, String idempotencyKey) {
        List<DeletionRequest> rows = jdbc.query("INSERT INTO deletion_request (id, platform_id, state, created_by,"
                + " idempotency_key) VALUES (?, ?, 'DRAFT', ?, ?) ON CONFLICT (platform_id, idempotency_key)"
                + " DO NOTHING RETURNING " + COLUMNS, ROW, id, platformId, createdBy, idempotencyKey);
        return rows.stream().findFirst();
    }

    public Optional<DeletionRequest> findByIdempotencyKey(String platformId, String idempotencyKey) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND idempotency_key = ?",
                ROW, platformId, idempotencyKey).stream().findFirst();
    }

    public Optional<DeletionRequest> find(String platformId, UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND id = ?",
                ROW, platformId, id).stream().findFirst();
    }

    /** Reads the request and locks its row until the end of the current transaction. */
    public Optional<DeletionRequest> lock(String platformId, UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND id = ? FOR UPDATE",
                ROW, platformId, id).stream().findFirst();
    }

    public List<DeletionRequest> list(String platformId, RequestState state, int limit) {
        if (state == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ?"
                    + " ORDER BY created_at DESC, id DESC LIMIT ?", ROW, platformId, limit);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND state = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT ?", ROW, platformId, state.name(), limit);
    }

    public List<DeletionRequest> findAll(Collection<UUID> ids) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS + " FROM deletion_request WHERE id = ANY(?)");
            ps.setArray(1, Sql.uuids(con, ids));
            return ps;
        }, ROW);
    }

    /** Stores a new selection mode and filter; bumps the selection version. */
    public void setSelection(UUID id, SelectionMode mode, UserFilter filter) {
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("UPDATE deletion_request SET selection_mode = ?,"
                    + " filter_email = ?, filter_roles = ?, filter_last_login_on_or_before = ?,"
                    + " selection_version = selection_version + 1, updated_at = now() WHERE id = ?");
            ps.setString(1, mode.name());
            ps.setString(2, filter == null ? null : filter.email());
            ps.setArray(3, filter == null || filter.roles().isEmpty() ? null
                    : Sql.texts(con, filter.roles().stream().map(Role::name).toList()));
            ps.setDate(4, filter == null || filter.lastLoginOnOrBefore() == null ? null
                    : Date.valueOf(filter.lastLoginOnOrBefore()));
            ps.setObject(5, id);
            return ps;
        });
    }

    public void bumpSelectionVersion(UUID id) {
        jdbc.update("UPDATE deletion_request SET selection_version = selection_version + 1, updated_at = now()"
                + " WHERE id = ?", id);
    }

    /** Back to DRAFT: the frozen review is forgotten (the caller drops the items). */
    public void backToDraft(UUID id) {
        jdbc.update("UPDATE deletion_request SET state = 'DRAFT', item_count = NULL, predicted_rejections = NULL,"
                + " unknown_count = NULL, unknown_user_ids = NULL, reviewed_at = NULL, updated_at = now()"
                + " WHERE id = ? AND state IN ('DRAFT', 'REVIEWED')", id);
    }

    public void markReviewed(UUID id, int count, int predictedRejections, int unknownCount, List<UUID> unknownSample) {
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("UPDATE deletion_request SET state = 'REVIEWED',"
                    + " item_count = ?, predicted_rejections = ?, unknown_count = ?, unknown_user_ids = ?,"
                    + " reviewed_at = now(), updated_at = now() WHERE id = ?");
            ps.setInt(1, count);
            ps.setInt(2, predictedRejections);
            ps.setInt(3, unknownCount);
            ps.setArray(4, Sql.uuids(con, unknownSample));
            ps.setObject(5, id);
            return ps;
        });
    }

    public void markConfirmed(UUID id, String confirmedBy) {
        jdbc.update("UPDATE deletion_request SET state = 'CONFIRMED', confirmed_by = ?, confirmed_at = now(),"
                + " updated_at = now() WHERE id = ? AND state = 'REVIEWED'", confirmedBy, id);
    }

    /**
     * Completes the given CONFIRMED requests that have an outcome for every item; returns those it completed.
     */
    public List<DeletionRequest> completeFinished(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("UPDATE deletion_request SET state = 'COMPLETED',"
                    + " completed_at = now(), updated_at = now() WHERE id = ANY(?) AND state = 'CONFIRMED'"
                    + " AND item_count = deleted + rejected + already_gone RETURNING " + COLUMNS);
            ps.setArray(1, Sql.uuids(con, ids));
            return ps;
        }, ROW);
    }

    public void cancel(UUID id) {
        jdbc.update("UPDATE deletion_request SET state = 'CANCELLED', cancelled_at = now(), updated_at = now()"
                + " WHERE id = ? AND state IN ('DRAFT', 'REVIEWED')", id);
    }

    private static DeletionRequest map(ResultSet rs, int row) throws SQLException {
        List<String> roles = Sql.stringList(rs, "filter_roles");
        Date lastLogin = rs.getDate("filter_last_login_on_or_before");
        SelectionMode mode = SelectionMode.valueOf(rs.getString("selection_mode"));
        UserFilter filter = mode != SelectionMode.FILTER ? null : new UserFilter(rs.getString("filter_email"),
                roles == null ? List.of() : roles.stream().map(Role::valueOf).toList(),
                lastLogin == null ? null : lastLogin.toLocalDate());
        return new DeletionRequest(
                rs.getObject("id", UUID.class),
                rs.getString("platform_id"),
                RequestState.valueOf(rs.getString("state")),
                mode,
                filter,
                rs.getInt("selection_version"),
                Sql.nullableInt(rs, "item_count"),
                Sql.nullableInt(rs, "predicted_rejections"),
                Sql.nullableInt(rs, "unknown_count"),
                Sql.uuidList(rs, "unknown_user_ids"),
                rs.getInt("deleted"),
                rs.getInt("rejected_multi_platform"),
                rs.getInt("rejected_not_a_member"),
                rs.getInt("already_gone"),
                rs.getString("created_by"),
                rs.getString("confirmed_by"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "reviewed_at"),
                Sql.instant(rs, "confirmed_at"),
                Sql.instant(rs, "completed_at"),
                Sql.instant(rs, "cancelled_at"));
    }
}
