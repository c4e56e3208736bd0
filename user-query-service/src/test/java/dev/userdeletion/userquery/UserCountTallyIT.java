package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.UserState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Counts without an email term come from the tally the triggers keep (V2 migration); they must equal a count of
 * the users themselves after any mix of joins, role changes, logins, departures and deletions, whether or not the
 * compactor has folded the deltas yet.
 */
class UserCountTallyIT extends IntegrationTest {

    private static final LocalDate DAY = LocalDate.parse("2026-03-10");
    /** Logins on and around the day boundaries the filters ask about, and users who never logged in. */
    private static final Instant[] LOGINS = {
            null,
            DAY.atStartOfDay(ZoneOffset.UTC).toInstant(),
            DAY.atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1),
            DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1),
            DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
            DAY.minusDays(400).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3_600),
            DAY.plusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7_200),
    };
    private static final List<String> QUERIES = List.of("", "?role=MENTOR", "?role=MENTEE", "?role=MENTOR&role=MENTEE",
            "?lastLoginOnOrBefore=" + DAY, "?lastLoginOnOrBefore=" + DAY.minusDays(1),
            "?lastLoginOnOrBefore=" + DAY.plusDays(1), "?lastLoginOnOrBefore=1900-01-01",
            "?lastLoginOnOrBefore=2999-12-31", "?role=MENTEE&lastLoginOnOrBefore=" + DAY);

    @Test
    void countsAndTotalsWithoutAnEmailTermMatchTheUsersThroughEveryKindOfChange() {
        String platform = newPlatform();
        String other = newPlatform();
        Random random = new Random(42);
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            UUID user = UUID.randomUUID();
            users.add(user);
            Role role = random.nextBoolean() ? MENTOR : MENTEE;
            UserState.Membership[] memberships = i % 5 == 0
                    ? new UserState.Membership[] {member(platform, role), member(other, MENTOR)}
                    : new UserState.Membership[] {member(platform, role)};
            publish(state(user, "u" + i + "@example.com", LOGINS[i % LOGINS.length], 1, memberships));
        }
        awaitCount(platform, 120);
        assertCountsMatchTheUsers(platform);
        assertCountsMatchTheUsers(other);

        List<UUID> changes = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            UUID user = users.get(i);
            changes.add(switch (i % 6) {
                case 0 -> publish(state(user, "u" + i + "@example.com", LOGINS[(i + 3) % LOGINS.length], 2,
                        member(platform, MENTEE)));                                     // new login, maybe new role
                case 1 -> publish(state(user, "u" + i + "@example.com", LOGINS[i % LOGINS.length], 2,
                        member(platform, MENTOR)));                                     // role change only
                case 2 -> publish(state(user, "renamed" + i + "@example.com", LOGINS[i % LOGINS.length], 2,
                        member(platform, MENTEE), member(other, MENTEE)));              // new email, joins the other
                case 3 -> publish(state(user, "u" + i + "@example.com", null, 2, member(other, MENTOR))); // left
                case 4 -> publishTombstone(user);                                        // deleted
                default -> publish(state(user, "u" + i + "@example.com", LOGINS[i % LOGINS.length], 1,
                        member(platform, MENTOR)));                                     // stale: changes nothing
            });
        }
        await().atMost(PATIENCE).until(() -> {
            for (UUID change : changes) {
                if (!processed(change)) {
                    return false;
                }
            }
            return true;
        });
        assertCountsMatchTheUsers(platform);
        assertCountsMatchTheUsers(other);

        // the compactor folds the deltas; the tally then equals the users grouped by role and day of last login
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM platform_user_tally_delta WHERE platform_id IN (?, ?)", Long.class,
                platform, other) == 0);
        for (String p : List.of(platform, other)) {
            assertThat(jdbc.queryForList("SELECT role, login_day, users FROM platform_user_tally"
                    + " WHERE platform_id = ? AND users <> 0 ORDER BY 1, 2", p))
                    .isEqualTo(jdbc.queryForList("SELECT role, platform_user_login_day(last_login_key) AS login_day,"
                            + " count(*) AS users FROM platform_user WHERE platform_id = ? GROUP BY 1, 2 ORDER BY 1, 2", p));
            assertCountsMatchTheUsers(p);
        }
    }

    private void assertCountsMatchTheUsers(String platform) {
        for (String query : QUERIES) {
            long expected = countedOnTheUsers(platform, query);
            assertThat(ok("/api/platforms/" + platform + "/users/count" + query).get("count").asLong())
                    .as("count %s", query).isEqualTo(expected);
            // a page that does not show the end takes its total from the count as well
            String pageQuery = (query.isEmpty() ? "?" : query + "&") + "size=1";
            assertThat(ok("/api/platforms/" + platform + "/users" + pageQuery).get("totalElements").asLong())
                    .as("totalElements %s", query).isEqualTo(expected);
        }
    }

    /** The same filter counted on platform_user itself, the way the service counted before the tally. */
    private long countedOnTheUsers(String platform, String query) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM platform_user WHERE platform_id = ?");
        List<Object> args = new ArrayList<>(List.of(platform));
        boolean mentor = query.contains("role=MENTOR");
        boolean mentee = query.contains("role=MENTEE");
        if (mentor != mentee) {
            sql.append(" AND role = ?");
            args.add(mentor ? "MENTOR" : "MENTEE");
        }
        int date = query.indexOf("lastLoginOnOrBefore=");
        if (date >= 0) {
            LocalDate onOrBefore = LocalDate.parse(query.substring(date + "lastLoginOnOrBefore=".length()));
            sql.append(" AND (last_login_at IS NULL OR last_login_at < ?)");
            args.add(java.sql.Timestamp.from(onOrBefore.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
    }
}
