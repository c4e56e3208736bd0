package dev.userdeletion.orchestrator.request;

import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.Role;
import dev.userdeletion.orchestrator.Sql;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Reading {@code deletion_request} (every read scoped to a platform) and creating rows; changes are {@link RequestTransitions}. */
@Repository
public class DeletionRequestRepository {

    static final String COLUMNS = "id, platform_id, state, version, review_version, selection_mode, filter_email,"
            + " filter_roles, filter_last_login_on_or_before, item_count, predicted_rejections, unknown_count,"
            + " unknown_user_ids, deleted, rejected_multi_platform, rejected_not_a_member, already_gone, failed,"
            + " created_by, confirmed_by, created_at, reviewed_at, confirmed_at, completed_at, cancelled_at,"
            + " filter_email_erased";

    public static final RowMapper<DeletionRequest> ROW = DeletionRequestRepository::map;

    private final JdbcTemplate jdbc;

    public DeletionRequestRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new DRAFT request; empty if the idempotency key was already used on this platform. */
    public Optional<DeletionRequest> insert(UUID id, String platformId, String createdBy, String idempotencyKey) {
        return jdbc.query("INSERT INTO deletion_request (id, platform_id, state, created_by, idempotency_key)"
                + " VALUES (?, ?, 'DRAFT', ?, ?) ON CONFLICT (platform_id, idempotency_key) DO NOTHING RETURNING "
                + COLUMNS, ROW, id, platformId, createdBy, idempotencyKey).stream().findFirst();
    }

    public Optional<DeletionRequest> findByIdempotencyKey(String platformId, String idempotencyKey) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND idempotency_key = ?",
                ROW, platformId, idempotencyKey).stream().findFirst();
    }

    public Optional<DeletionRequest> find(String platformId, UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND id = ?",
                ROW, platformId, id).stream().findFirst();
    }

    /** The request, or 404. */
    public DeletionRequest require(String platformId, UUID id) {
        return find(platformId, id).orElseThrow(() -> Problems.notFound(id));
    }

    /** Reads the request and locks its row until the end of the current transaction; or 404. */
    public DeletionRequest lock(String platformId, UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND id = ? FOR UPDATE",
                ROW, platformId, id).stream().findFirst().orElseThrow(() -> Problems.notFound(id));
    }

    public List<DeletionRequest> list(String platformId, RequestState state, int limit) {
        if (state == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ?"
                    + " ORDER BY created_at DESC, id DESC LIMIT ?", ROW, platformId, limit);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE platform_id = ? AND state = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT ?", ROW, platformId, state.name(), limit);
    }

    /**
     * DRAFT or REVIEWED requests holding a FILTER email term that nobody changed for {@code idle} (by the database's
     * clock, which wrote {@code updated_at}), oldest first, at most {@code limit}.
     */
    public List<DeletionRequest> idleWithEmailTerm(Duration idle, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE filter_email IS NOT NULL"
                + " AND state IN ('DRAFT', 'REVIEWED') AND updated_at < now() - ? * interval '1 millisecond'"
                + " ORDER BY updated_at LIMIT ?", ROW, idle.toMillis(), limit);
    }

    /** Every CONFIRMED request, of every platform (for the gauges). */
    public List<DeletionRequest> confirmed() {
        return jdbc.query("SELECT " + COLUMNS + " FROM deletion_request WHERE state = 'CONFIRMED'", ROW);
    }

    public List<DeletionRequest> findAll(Collection<UUID> ids) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS + " FROM deletion_request WHERE id = ANY(?)");
            ps.setArray(1, Sql.uuids(con, ids));
            return ps;
        }, ROW);
    }

    private static DeletionRequest map(ResultSet rs, int row) throws SQLException {
        SelectionMode mode = SelectionMode.valueOf(rs.getString("selection_mode"));
        List<String> roles = Sql.stringList(rs, "filter_roles");
        Date lastLogin = rs.getDate("filter_last_login_on_or_before");
        UserFilter filter = mode != SelectionMode.FILTER ? null : new UserFilter(rs.getString("filter_email"),
                roles == null ? List.of() : roles.stream().map(Role::valueOf).toList(),
                lastLogin == null ? null : lastLogin.toLocalDate());
        Integer count = Sql.nullableInt(rs, "item_count");
        Progress progress = new Progress(count == null ? 0 : count, rs.getInt("deleted"),
                Map.of(RejectionReason.MULTI_PLATFORM, rs.getInt("rejected_multi_platform"),
                        RejectionReason.NOT_A_MEMBER, rs.getInt("rejected_not_a_member")),
                rs.getInt("already_gone"), rs.getInt("failed"));
        return new DeletionRequest(rs.getObject("id", UUID.class), rs.getString("platform_id"),
                RequestState.valueOf(rs.getString("state")), rs.getInt("version"),
                Sql.nullableInt(rs, "review_version"), mode, filter, count,
                Sql.nullableInt(rs, "predicted_rejections"), Sql.nullableInt(rs, "unknown_count"),
                Sql.uuidList(rs, "unknown_user_ids"), progress, rs.getString("created_by"),
                rs.getString("confirmed_by"), Sql.instant(rs, "created_at"), Sql.instant(rs, "reviewed_at"),
                Sql.instant(rs, "confirmed_at"), Sql.instant(rs, "completed_at"), Sql.instant(rs, "cancelled_at"),
                rs.getBoolean("filter_email_erased"));
    }
}
