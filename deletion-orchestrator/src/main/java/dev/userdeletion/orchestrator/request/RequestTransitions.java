package dev.userdeletion.orchestrator.request;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.orchestrator.Sql;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every change of a request's state, each one UPDATE guarded by the version and state the caller read: it changes
 * exactly one row or the caller loses with 409 {@code concurrent-change} (someone else's write committed in
 * between). Each bumps the version; the next state comes from {@link RequestLifecycle}.
 */
@Repository
public class RequestTransitions {

    /** Erases a FILTER's email term, keeping that there was one (V6 migration). */
    private static final String ERASE_EMAIL_TERM = "filter_email = NULL,"
            + " filter_email_erased = filter_email_erased OR filter_email IS NOT NULL";
    private static final String CLEAR_REVIEW = "review_version = NULL, item_count = NULL, predicted_rejections = NULL,"
            + " unknown_count = NULL, unknown_user_ids = NULL, reviewed_at = NULL";

    private final JdbcTemplate jdbc;

    public RequestTransitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The selection changed (ids only, same mode): back to DRAFT, the review forgotten. */
    public void selectionChanged(DeletionRequest read) {
        apply(read, Action.CHANGE_SELECTION, CLEAR_REVIEW);
    }

    /** A new selection mode and filter: back to DRAFT, the review forgotten. */
    public void selectionReplaced(DeletionRequest read, SelectionMode mode, UserFilter filter) {
        RequestState to = RequestLifecycle.next(read.state(), Action.CHANGE_SELECTION);
        requireOne(jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(guarded("selection_mode = ?, filter_email = ?,"
                    + " filter_roles = ?, filter_last_login_on_or_before = ?, " + CLEAR_REVIEW));
            ps.setString(1, to.name());
            ps.setString(2, mode.name());
            ps.setString(3, filter == null ? null : filter.email());
            ps.setArray(4, filter == null || filter.roles().isEmpty() ? null
                    : Sql.texts(con, filter.roles().stream().map(Role::name).toList()));
            ps.setDate(5, filter == null || filter.lastLoginOnOrBefore() == null ? null
                    : Date.valueOf(filter.lastLoginOnOrBefore()));
            guard(ps, 6, read);
            return ps;
        }));
    }

    /** The selection is frozen; the new version is the review's identity. */
    public void reviewed(DeletionRequest read, int count, int predictedRejections, List<UUID> unknown,
                         int unknownSample) {
        RequestState to = RequestLifecycle.next(read.state(), Action.REVIEW);
        requireOne(jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(guarded("review_version = version + 1, item_count = ?,"
                    + " predicted_rejections = ?, unknown_count = ?, unknown_user_ids = ?, reviewed_at = now()"));
            ps.setString(1, to.name());
            ps.setInt(2, count);
            ps.setInt(3, predictedRejections);
            ps.setInt(4, unknown.size());
            ps.setArray(5, Sql.uuids(con, unknown.subList(0, Math.min(unknownSample, unknown.size()))));
            guard(ps, 6, read);
            return ps;
        }));
    }

    public void confirmed(DeletionRequest read, String confirmedBy) {
        RequestState to = RequestLifecycle.next(read.state(), Action.CONFIRM);
        requireOne(jdbc.update(guarded("confirmed_by = ?, confirmed_at = now(), " + ERASE_EMAIL_TERM), to.name(),
                confirmedBy, read.id(), read.version(), read.state().name()));
    }

    public void cancelled(DeletionRequest read) {
        apply(read, Action.CANCEL, "cancelled_at = now(), " + ERASE_EMAIL_TERM);
    }

    /** Completes those of {@code ids} that are CONFIRMED with an outcome for every item; returns the completed. */
    public List<DeletionRequest> completeFinished(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("UPDATE deletion_request SET state = 'COMPLETED', version ="
                    + " version + 1, completed_at = now(), updated_at = now() WHERE id = ANY(?) AND state = 'CONFIRMED'"
                    + " AND item_count = deleted + rejected + already_gone RETURNING "
                    + DeletionRequestRepository.COLUMNS);
            ps.setArray(1, Sql.uuids(con, ids));
            return ps;
        }, DeletionRequestRepository.ROW);
    }

    private void apply(DeletionRequest read, Action action, String assignments) {
        RequestState to = RequestLifecycle.next(read.state(), action);
        requireOne(jdbc.update(guarded(assignments), to.name(), read.id(), read.version(), read.state().name()));
    }

    /** SET state = ?, version + 1, {@code assignments} WHERE id = ? AND version = ? AND state = ?. */
    private static String guarded(String assignments) {
        return "UPDATE deletion_request SET state = ?, version = version + 1, updated_at = now(), " + assignments
                + " WHERE id = ? AND version = ? AND state = ?";
    }

    private static void guard(PreparedStatement ps, int first, DeletionRequest read) throws java.sql.SQLException {
        ps.setObject(first, read.id());
        ps.setInt(first + 1, read.version());
        ps.setString(first + 2, read.state().name());
    }

    private static void requireOne(int updated) {
        if (updated != 1) {
            throw Problems.concurrentChange();
        }
    }
}
