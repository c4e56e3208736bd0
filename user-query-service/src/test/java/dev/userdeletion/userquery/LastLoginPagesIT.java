package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pages by number in last-login order start from the tally of users per login day: every page, in both directions
 * and with each filter the tally counts, holds the same users as the plain walk (ORDER BY … OFFSET) over the rows —
 * across day boundaries (logins at a day's first and last microsecond), ties on the same instant, users who never
 * logged in, users deleted and users whose last login moved to another day (the tally's deltas).
 */
class LastLoginPagesIT extends IntegrationTest {

    private static final int USERS = 150;
    private static final int PAGE_SIZE = 7;
    private static final LocalDate FIRST_DAY = LocalDate.parse("2025-03-01");

    @Test
    void everyPageByNumberHoldsTheUsersThePlainWalkGives() {
        String platform = newPlatform();
        String other = newPlatform();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            String email = "pages" + i + "@example.com";
            publish(state(id, email, login(i), 1, member(platform, i % 3 == 0 ? MENTOR : MENTEE), member(other, MENTEE)));
        }
        awaitCount(platform, USERS);
        // deleted users and logins moved to another day: the tally then has deltas for the same days
        long mentors = 0;
        for (int i = 0; i < USERS; i++) {
            if (i % 7 == 0 && i < 140) {
                publishTombstone(ids.get(i));
            } else if (i % 7 == 1 && i > 1 && i < 140) {
                Instant moved = login(i) == null ? null : login(i).plusSeconds(2 * 86_400);
                publish(state(ids.get(i), "pages" + i + "@example.com", moved, 2, member(platform, MENTOR)));
                mentors++;
            } else if (i % 3 == 0) {
                mentors++;
            }
        }
        awaitCount(platform, USERS - 20);
        long expectedMentors = mentors;
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT count(*) FROM"
                + " platform_user WHERE platform_id = ? AND role = 'MENTOR'", Long.class, platform))
                .isEqualTo(expectedMentors));

        String midway = FIRST_DAY.plusDays(2).toString();
        for (String direction : List.of("desc", "asc")) {
            for (String filter : List.of("", "&role=MENTOR", "&lastLoginOnOrBefore=" + midway,
                    "&role=MENTEE&lastLoginOnOrBefore=" + midway)) {
                List<String> expected = plainWalk(platform, direction, filter);
                List<String> paged = new ArrayList<>();
                for (int page = 0; page <= expected.size() / PAGE_SIZE + 1; page++) {
                    JsonNode body = ok("/api/platforms/" + platform + "/users?size=" + PAGE_SIZE + "&page=" + page
                            + "&sort=lastLoginAt," + direction + filter);
                    assertThat(body.get("totalElements").asInt()).isEqualTo(expected.size());
                    body.get("items").forEach(item -> paged.add(item.get("userId").asString()));
                }
                assertThat(paged).as(direction + filter).isNotEmpty().containsExactlyElementsOf(expected);
            }
        }
    }

    /**
     * Six days of logins, 25 users a day: one at the day's first microsecond, one at its last, pairs on the same
     * instant; every fifth user never logged in.
     */
    private static Instant login(int i) {
        if (i % 5 == 4) {
            return null;
        }
        Instant day = FIRST_DAY.plusDays(i / 25).atStartOfDay(ZoneOffset.UTC).toInstant();
        return switch (i % 25) {
            case 0 -> day;
            case 1 -> day.plusSeconds(86_400).minusNanos(1_000);
            default -> day.plusSeconds(3_600L * (i % 25 / 2));
        };
    }

    /** The users in page order by walking the rows, as the list did before it read the tally. */
    private List<String> plainWalk(String platform, String direction, String filter) {
        StringBuilder sql = new StringBuilder("SELECT user_id::text FROM platform_user WHERE platform_id = ?");
        List<Object> args = new ArrayList<>(List.of(platform));
        if (filter.contains("role=")) {
            sql.append(" AND role = ?");
            args.add(filter.contains("MENTOR") ? "MENTOR" : "MENTEE");
        }
        if (filter.contains("lastLoginOnOrBefore")) {
            sql.append(" AND last_login_key < ?");
            args.add(Timestamp.from(FIRST_DAY.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        sql.append(" ORDER BY last_login_key ").append(direction).append(", user_id ").append(direction);
        return jdbc.queryForList(sql.toString(), String.class, args.toArray());
    }
}
