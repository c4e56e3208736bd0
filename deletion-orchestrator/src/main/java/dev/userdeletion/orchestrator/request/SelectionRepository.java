package dev.userdeletion.orchestrator.request;

import dev.userdeletion.orchestrator.Sql;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The user ids of a selection ({@code selection_user}): in USERS mode the selected users, in FILTER and
 * ALL_USERS mode the excluded ones. Every write is one set-based statement.
 */
@Repository
public class SelectionRepository {

    private final JdbcTemplate jdbc;

    public SelectionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<UUID> ids(UUID requestId) {
        return jdbc.queryForList("SELECT user_id FROM selection_user WHERE request_id = ? ORDER BY user_id",
                UUID.class, requestId);
    }

    /** How many ids each of several requests holds (for lists, which carry counts, not ids). */
    public Map<UUID, Integer> counts(Collection<UUID> requestIds) {
        Map<UUID, Integer> result = new HashMap<>();
        if (requestIds.isEmpty()) {
            return result;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT request_id, count(*) FROM selection_user"
                    + " WHERE request_id = ANY(?) GROUP BY request_id");
            ps.setArray(1, Sql.uuids(con, requestIds));
            return ps;
        }, rs -> {
            result.put(rs.getObject(1, UUID.class), rs.getInt(2));
        });
        return result;
    }

    public int count(UUID requestId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM selection_user WHERE request_id = ?", Integer.class,
                requestId);
        return count == null ? 0 : count;
    }

    public void clear(UUID requestId) {
        jdbc.update("DELETE FROM selection_user WHERE request_id = ?", requestId);
    }

    /** Adds ids (already present ones are kept once); returns how many were new. */
    public int add(UUID requestId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO selection_user (request_id, user_id)"
                    + " SELECT ?, unnest(?::uuid[]) ON CONFLICT DO NOTHING");
            ps.setObject(1, requestId);
            ps.setArray(2, Sql.uuids(con, ids));
            return ps;
        });
    }

    /** Removes ids; returns how many were there. */
    public int remove(UUID requestId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("DELETE FROM selection_user WHERE request_id = ?"
                    + " AND user_id = ANY(?)");
            ps.setObject(1, requestId);
            ps.setArray(2, Sql.uuids(con, ids));
            return ps;
        });
    }
}
