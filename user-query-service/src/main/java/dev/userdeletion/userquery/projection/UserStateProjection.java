package dev.userdeletion.userquery.projection;

import dev.userdeletion.contracts.UserState;
import dev.userdeletion.contracts.UserStateFold;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies changes of {@code membership.user-state} to the read model, set-based: whatever the number of
 * changes, one transaction and a fixed number of multi-row statements (arrays bound as parameters).
 *
 * Idempotent by revision, with no inbox: a redelivered, replayed or copied state is never newer than the one
 * stored, and a tombstone is final, so applying any record again changes nothing (which saves two index inserts per
 * event of a backlog).
 *
 * <ol>
 *   <li>Per user only the winning change counts: a tombstone is final, otherwise the highest revision.</li>
 *   <li>A state is applied only if its revision is newer than the stored one ({@code user_revision},
 *       compare-and-set in one upsert); stale copies change nothing.</li>
 *   <li>The user's rows are replaced: platforms the user left are deleted, the others upserted, each
 *       with the new {@code platform_count}. A tombstone deletes all the user's rows.</li>
 * </ol>
 */
@Component
public class UserStateProjection {


    private static final String MARK_DELETED = """
            INSERT INTO user_revision (user_id, revision, deleted)
            SELECT u, 0, true FROM unnest(?::uuid[]) AS u
            ON CONFLICT (user_id) DO UPDATE SET deleted = true
            """;
    private static final String DELETE_USERS = "DELETE FROM platform_user WHERE user_id = ANY(?::uuid[])";
    private static final String ADVANCE_REVISIONS = """
            INSERT INTO user_revision (user_id, revision)
            SELECT * FROM unnest(?::uuid[], ?::bigint[])
            ON CONFLICT (user_id) DO UPDATE SET revision = EXCLUDED.revision
            WHERE user_revision.revision < EXCLUDED.revision AND NOT user_revision.deleted
            RETURNING user_id, xmax = 0 AS first_seen
            """;
    private static final String DELETE_LEFT_PLATFORMS = """
            DELETE FROM platform_user p
            WHERE p.user_id = ANY(?::uuid[])
              AND NOT EXISTS (SELECT 1 FROM unnest(?::uuid[], ?::text[]) AS m(user_id, platform_id)
                              WHERE m.user_id = p.user_id AND m.platform_id = p.platform_id)
            """;
    private static final String UPSERT_ROWS = """
            INSERT INTO platform_user (user_id, platform_id, email, role, last_login_at, platform_count, joined_at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::timestamptz[])
            ON CONFLICT (user_id, platform_id) DO UPDATE SET
                email = EXCLUDED.email, role = EXCLUDED.role, last_login_at = EXCLUDED.last_login_at,
                platform_count = EXCLUDED.platform_count, joined_at = EXCLUDED.joined_at
            WHERE (platform_user.email, platform_user.role, platform_user.last_login_at,
                   platform_user.platform_count, platform_user.joined_at)
                  IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.role, EXCLUDED.last_login_at,
                   EXCLUDED.platform_count, EXCLUDED.joined_at)
            """;

    private final JdbcTemplate jdbc;

    UserStateProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies {@code changes} (in log order) in one transaction. */
    @Transactional
    public ProjectionResult apply(List<UserChange> changes) {
        if (changes.isEmpty()) {
            return new ProjectionResult(0, 0, 0);
        }
        // per user the winning change; a TreeMap keeps users in id order, so locks are always taken in one order
        Map<UUID, UserChange> winners = new TreeMap<>();
        for (UserChange change : changes) {
            winners.merge(change.userId(), change, UserStateFold::standing);
        }
        List<UUID> deletedUsers = new ArrayList<>();
        List<UserState> states = new ArrayList<>();
        for (UserChange winner : winners.values()) {
            if (winner.isTombstone()) {
                deletedUsers.add(winner.userId());
            } else {
                states.add(winner.state());
            }
        }
        int applied = jdbc.execute((ConnectionCallback<Integer>) con -> {
            delete(con, deletedUsers);
            return upsert(con, states);
        });
        return new ProjectionResult(applied, deletedUsers.size(), changes.size() - deletedUsers.size() - applied);
    }

    private static void delete(Connection con, List<UUID> users) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        Array ids = con.createArrayOf("uuid", users.toArray());
        try (PreparedStatement mark = con.prepareStatement(MARK_DELETED);
             PreparedStatement delete = con.prepareStatement(DELETE_USERS)) {
            mark.setArray(1, ids);
            mark.executeUpdate();
            delete.setArray(1, ids);
            delete.executeUpdate();
        }
    }

    /** Applies the states newer than the stored revisions; returns how many were. */
    private static int upsert(Connection con, List<UserState> candidates) throws SQLException {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<UUID> newer = new HashSet<>();
        // users seen for the first time (the upsert inserted their revision row: xmax = 0) have no rows yet,
        // so there is nothing to delete for them; a backlog of new users skips that statement altogether
        List<UUID> known = new ArrayList<>();
        try (PreparedStatement advance = con.prepareStatement(ADVANCE_REVISIONS)) {
            advance.setArray(1, con.createArrayOf("uuid", candidates.stream().map(UserState::userId).toArray()));
            advance.setArray(2, con.createArrayOf("bigint", candidates.stream().map(UserState::revision).toArray()));
            try (ResultSet rs = advance.executeQuery()) {
                while (rs.next()) {
                    UUID userId = rs.getObject(1, UUID.class);
                    newer.add(userId);
                    if (!rs.getBoolean(2)) {
                        known.add(userId);
                    }
                }
            }
        }
        List<UserState> states = candidates.stream().filter(s -> newer.contains(s.userId()))
                .sorted(Comparator.comparing(UserState::userId)).toList();
        if (states.isEmpty()) {
            return 0;
        }
        Rows rows = new Rows();
        for (UserState state : states) {
            // one row per platform; a platform listed twice counts once (the last entry wins)
            Map<String, UserState.Membership> byPlatform = new LinkedHashMap<>();
            state.memberships().forEach(m -> byPlatform.put(m.platformId(), m));
            for (UserState.Membership m : byPlatform.values()) {
                rows.add(state, m, byPlatform.size());
            }
        }
        if (!known.isEmpty()) {
            try (PreparedStatement deleteLeft = con.prepareStatement(DELETE_LEFT_PLATFORMS)) {
                deleteLeft.setArray(1, con.createArrayOf("uuid", known.stream().sorted().toArray()));
                deleteLeft.setArray(2, con.createArrayOf("uuid", rows.userIds.toArray()));
                deleteLeft.setArray(3, con.createArrayOf("text", rows.platformIds.toArray()));
                deleteLeft.executeUpdate();
            }
        }
        if (!rows.userIds.isEmpty()) {
            try (PreparedStatement upsert = con.prepareStatement(UPSERT_ROWS)) {
                upsert.setArray(1, con.createArrayOf("uuid", rows.userIds.toArray()));
                upsert.setArray(2, con.createArrayOf("text", rows.platformIds.toArray()));
                upsert.setArray(3, con.createArrayOf("text", rows.emails.toArray()));
                upsert.setArray(4, con.createArrayOf("text", rows.roles.toArray()));
                upsert.setArray(5, con.createArrayOf("timestamptz", rows.lastLogins.toArray()));
                upsert.setArray(6, con.createArrayOf("int4", rows.platformCounts.toArray()));
                upsert.setArray(7, con.createArrayOf("timestamptz", rows.joinedAts.toArray()));
                upsert.executeUpdate();
            }
        }
        return states.size();
    }

    /** Column arrays of the rows to upsert (timestamps as ISO-8601 text, which PostgreSQL reads exactly). */
    private static final class Rows {
        final List<UUID> userIds = new ArrayList<>();
        final List<String> platformIds = new ArrayList<>();
        final List<String> emails = new ArrayList<>();
        final List<String> roles = new ArrayList<>();
        final List<String> lastLogins = new ArrayList<>();
        final List<Integer> platformCounts = new ArrayList<>();
        final List<String> joinedAts = new ArrayList<>();

        void add(UserState state, UserState.Membership membership, int platformCount) {
            userIds.add(state.userId());
            platformIds.add(membership.platformId());
            emails.add(state.email());
            roles.add(membership.role().name());
            lastLogins.add(iso(state.lastLoginAt()));
            platformCounts.add(platformCount);
            joinedAts.add(iso(membership.joinedAt()));
        }

        private static String iso(Instant instant) {
            return instant == null ? null : instant.toString();
        }
    }
}
