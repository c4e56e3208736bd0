package dev.userdeletion.membership.deletion;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes accounts, set-based, in the caller's transaction: the User Access list entry of the platform that deleted
 * the user, the user's standing rejections, memberships and the account itself. Callers hold the users' row locks and
 * publish the outcomes and tombstones.
 */
@Component
class AccountEraser {

    /** A user to delete, the platform whose deletion it is and the user's email (for that platform's access list). */
    record Erased(UUID userId, String platformId, String email) {
    }

    private final JdbcTemplate jdbc;

    AccountEraser(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void erase(List<Erased> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        List<UUID> ids = accounts.stream().map(Erased::userId).toList();
        String[] platforms = accounts.stream().map(Erased::platformId).toArray(String[]::new);
        String[] emails = accounts.stream().map(Erased::email).toArray(String[]::new);
        jdbc.update(con -> {
            var ps = con.prepareStatement("DELETE FROM access_list a USING unnest(?::varchar[], ?::varchar[]) AS d(platform_id, email)"
                    + " WHERE a.platform_id = d.platform_id AND a.email = d.email");
            ps.setArray(1, con.createArrayOf("varchar", platforms));
            ps.setArray(2, con.createArrayOf("varchar", emails));
            return ps;
        });
        for (String table : List.of("standing_rejections", "memberships")) {
            jdbc.update(con -> {
                var ps = con.prepareStatement("DELETE FROM " + table + " WHERE user_id = ANY(?)");
                ps.setArray(1, uuids(con, ids));
                return ps;
            });
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("DELETE FROM users WHERE id = ANY(?)");
            ps.setArray(1, uuids(con, ids));
            return ps;
        });
    }

    static Array uuids(Connection con, List<UUID> ids) throws SQLException {
        return con.createArrayOf("uuid", ids.toArray());
    }
}
