package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.testsupport.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Filters, sorts, paging, counts, id lists and lookups of one platform's users, through the HTTP API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserListIT extends IntegrationTest {

    private final String platform = newPlatform();
    private final String other = newPlatform();
    /** email → user id, in the platform's default (email) order. */
    private final Map<String, UUID> users = new LinkedHashMap<>();
    private UUID olga;

    private record Fixture(String email, Role role, String lastLoginAt) {
    }

    @BeforeAll
    void publishUsers() {
        List<Fixture> fixtures = List.of(
                new Fixture("ann.percent%@example.com", MENTOR, "2026-03-31T23:59:59.999999Z"), // last instant of the day
                new Fixture("bob_underscore@example.com", MENTEE, "2026-04-01T00:00:00Z"), // first instant of the next
                new Fixture("bobxunderscore@example.com", MENTEE, "2026-01-10T12:00:00Z"),
                new Fixture("cat@example.com", MENTEE, "2025-12-01T10:00:00Z"),
                new Fixture("dan@example.com", MENTOR, "2026-02-15T08:30:00Z"),
                new Fixture("eve.percentless@example.com", MENTEE, null),
                new Fixture("gus#back@example.com", MENTOR, null),
                new Fixture("hank@example.com", MENTOR, "2025-12-01T10:00:00Z")); // same instant as cat
        for (Fixture f : fixtures) {
            UUID id = UUID.randomUUID();
            users.put(f.email(), id);
            Instant login = f.lastLoginAt() == null ? null : Instant.parse(f.lastLoginAt());
            if (f.email().startsWith("dan@")) {
                publish(state(id, f.email(), login, 3, member(platform, f.role()), member(other, MENTEE)));
            } else {
                publish(state(id, f.email(), login, 1, member(platform, f.role())));
            }
        }
        olga = UUID.randomUUID();
        publish(state(olga, "olga@example.com", null, 1, member(other, MENTOR)));
        awaitCount(platform, fixtures.size());
        awaitCount(other, 2);
    }

    private JsonNode users(String query) {
        return ok("/api/platforms/" + platform + "/users" + query);
    }

    private long count(String query) {
        return ok("/api/platforms/" + platform + "/users/count" + query).get("count").asLong();
    }

    private List<String> ids(String query) {
        return strings(ok("/api/platforms/" + platform + "/user-ids" + query));
    }

    private List<String> idsOf(String... emails) {
        return java.util.Arrays.stream(emails).map(e -> users.get(e).toString()).toList();
    }

    /** Asserts the list, the count and the id list of one filter agree on the users (in this order for the list). */
    private void assertMatches(String query, String... emailsInEmailOrder) {
        assertThat(emails(users(query))).as(query).containsExactly(emailsInEmailOrder);
        assertThat(count(query)).as(query).isEqualTo(emailsInEmailOrder.length);
        assertThat(ids(query)).as(query).containsExactlyInAnyOrderElementsOf(idsOf(emailsInEmailOrder));
        assertThat(membersWithPlatformCount(query).keySet()).as(query)
                .containsExactlyInAnyOrderElementsOf(idsOf(emailsInEmailOrder));
    }

    /** {@code /user-ids?withPlatformCount=true} as user id → number of platforms. */
    private Map<String, Integer> membersWithPlatformCount(String query) {
        Map<String, Integer> members = new LinkedHashMap<>();
        for (JsonNode member : ok("/api/platforms/" + platform + "/user-ids"
                + (query.isEmpty() ? "?" : query + "&") + "withPlatformCount=true")) {
            assertThat(members.put(member.get("userId").asString(), member.get("platformCount").asInt())).isNull();
        }
        return members;
    }

    @Test
    void theIdStreamCanCarryEachUsersNumberOfPlatformsForAReview() {
        Map<String, Integer> members = membersWithPlatformCount("");
        assertThat(members).hasSize(8).containsEntry(users.get("dan@example.com").toString(), 2);
        assertThat(members.values().stream().filter(n -> n == 1)).hasSize(7);
        assertThat(get("/api/platforms/" + platform + "/user-ids?withPlatformCount=maybe").status()).isEqualTo(400);
    }

    @Test
    void theDefaultPageListsEveryUserByEmailWithTotals() {
        JsonNode page = users("");
        assertThat(emails(page)).containsExactly("ann.percent%@example.com", "bob_underscore@example.com",
                "bobxunderscore@example.com", "cat@example.com", "dan@example.com", "eve.percentless@example.com",
                "gus#back@example.com", "hank@example.com");
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        assertThat(page.get("totalElements").asInt()).isEqualTo(8);
        assertThat(page.get("totalPages").asInt()).isEqualTo(1);
        JsonNode ann = page.get("items").get(0);
        assertThat(ann.get("userId").asString()).isEqualTo(users.get("ann.percent%@example.com").toString());
        assertThat(ann.get("role").asString()).isEqualTo("MENTOR");
        assertThat(ann.get("lastLoginAt").asString()).isEqualTo("2026-03-31T23:59:59.999999Z");
        assertThat(ann.get("platformCount").asInt()).isEqualTo(1);
        JsonNode eve = page.get("items").get(5);
        assertThat(eve.has("lastLoginAt")).isTrue();
        assertThat(eve.get("lastLoginAt").isNull()).isTrue();
        assertThat(page.get("items").get(4).get("platformCount").asInt()).isEqualTo(2);
    }

    @Test
    void emailSortsBothWays() {
        List<String> ascending = emails(users("?sort=email,asc"));
        assertThat(ascending).isEqualTo(emails(users("?sort=email")));
        assertThat(emails(users("?sort=email,desc"))).isEqualTo(ascending.reversed());
        assertThat(emails(users("?sort=email,DESC"))).isEqualTo(ascending.reversed());
    }

    @Test
    void lastLoginSortPutsNeverLoggedInFirstAscendingAndBreaksTiesByUserId() {
        List<String> never = sortedById("eve.percentless@example.com", "gus#back@example.com");
        List<String> sameInstant = sortedById("cat@example.com", "hank@example.com");
        List<String> expected = new ArrayList<>(never);
        expected.addAll(sameInstant);
        expected.addAll(List.of("bobxunderscore@example.com", "dan@example.com", "ann.percent%@example.com",
                "bob_underscore@example.com"));
        assertThat(emails(users("?sort=lastLoginAt"))).containsExactlyElementsOf(expected);
        assertThat(emails(users("?sort=lastLoginAt,asc"))).containsExactlyElementsOf(expected);
        // descending is exactly the reverse: most recent first, never logged in last, ties by user id descending
        assertThat(emails(users("?sort=lastLoginAt,desc"))).containsExactlyElementsOf(expected.reversed());
    }

    private List<String> sortedById(String... emails) {
        // PostgreSQL orders uuids by their bytes, i.e. like their canonical strings (UUID.compareTo is signed)
        return java.util.Arrays.stream(emails).sorted(Comparator.comparing(e -> users.get(e).toString())).toList();
    }

    @Test
    void emailIsACaseInsensitiveSubstringWithWildcardsTakenLiterally() {
        assertMatches(query("email", "PERCENT"), "ann.percent%@example.com", "eve.percentless@example.com");
        assertMatches(query("email", "%"), "ann.percent%@example.com");
        assertMatches(query("email", "t%@ex"), "ann.percent%@example.com");
        assertMatches(query("email", "B_U"), "bob_underscore@example.com");
        assertMatches(query("email", "_"), "bob_underscore@example.com");
        // a backslash is literal, not LIKE's escape: no address holds one, so it matches nobody
        assertMatches(query("email", "\\b"));
        assertMatches(query("email", "\\"));
        assertMatches(query("email", "#b"), "gus#back@example.com");
        assertMatches(query("email", "xample.COM"), "ann.percent%@example.com", "bob_underscore@example.com",
                "bobxunderscore@example.com", "cat@example.com", "dan@example.com", "eve.percentless@example.com",
                "gus#back@example.com", "hank@example.com");
        assertMatches(query("email", "nobody"));
        // an empty search box means no email filter
        assertThat(count("?email=")).isEqualTo(8);
    }

    @Test
    void rolesFilterAndCanBeRepeated() {
        assertMatches("?role=MENTOR", "ann.percent%@example.com", "dan@example.com", "gus#back@example.com",
                "hank@example.com");
        assertMatches("?role=MENTEE", "bob_underscore@example.com", "bobxunderscore@example.com", "cat@example.com",
                "eve.percentless@example.com");
        assertThat(count("?role=MENTOR&role=MENTEE")).isEqualTo(8);
        assertThat(count("?role=MENTEE,MENTOR")).isEqualTo(8);
    }

    @Test
    void lastLoginOnOrBeforeIsInclusiveInUtcAndIncludesNeverLoggedIn() {
        assertMatches("?lastLoginOnOrBefore=2026-03-31", "ann.percent%@example.com", "bobxunderscore@example.com",
                "cat@example.com", "dan@example.com", "eve.percentless@example.com", "gus#back@example.com",
                "hank@example.com");
        assertThat(count("?lastLoginOnOrBefore=2026-04-01")).isEqualTo(8);
        assertMatches("?lastLoginOnOrBefore=2025-12-01", "cat@example.com", "eve.percentless@example.com",
                "gus#back@example.com", "hank@example.com");
        assertMatches("?lastLoginOnOrBefore=2025-11-30", "eve.percentless@example.com", "gus#back@example.com");
    }

    @Test
    void filtersCombine() {
        JsonNode page = users("?role=MENTEE&lastLoginOnOrBefore=2026-03-31&sort=lastLoginAt,desc");
        assertThat(emails(page)).containsExactly("bobxunderscore@example.com", "cat@example.com",
                "eve.percentless@example.com");
        assertMatches(query("role", "MENTOR", "email", "A", "lastLoginOnOrBefore", "2026-02-15"),
                "dan@example.com", "gus#back@example.com", "hank@example.com");
    }

    @Test
    void pagesSplitTheSortedListWithTotals() {
        JsonNode first = users("?size=3");
        assertThat(emails(first)).containsExactly("ann.percent%@example.com", "bob_underscore@example.com",
                "bobxunderscore@example.com");
        JsonNode second = users("?size=3&page=1");
        assertThat(emails(second)).containsExactly("cat@example.com", "dan@example.com", "eve.percentless@example.com");
        JsonNode last = users("?size=3&page=2");
        assertThat(emails(last)).containsExactly("gus#back@example.com", "hank@example.com");
        for (JsonNode page : List.of(first, second, last)) {
            assertThat(page.get("size").asInt()).isEqualTo(3);
            assertThat(page.get("totalElements").asInt()).isEqualTo(8);
            assertThat(page.get("totalPages").asInt()).isEqualTo(3);
        }
        assertThat(last.get("page").asInt()).isEqualTo(2);
        JsonNode beyond = users("?size=3&page=7");
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("page").asInt()).isEqualTo(7);
        assertThat(beyond.get("totalElements").asInt()).isEqualTo(8);
        assertThat(beyond.get("totalPages").asInt()).isEqualTo(3);
        JsonNode byLogin = users("?size=4&page=1&sort=lastLoginAt,desc");
        assertThat(emails(byLogin)).hasSize(4).last().isIn("eve.percentless@example.com", "gus#back@example.com");
        JsonNode exact = users("?size=4&page=1");
        assertThat(exact.get("totalPages").asInt()).isEqualTo(2);
        JsonNode empty = users(query("email", "nobody"));
        assertThat(empty.get("totalElements").asInt()).isZero();
        assertThat(empty.get("totalPages").asInt()).isZero();
    }

    @Test
    void everyAnswerIsScopedToThePlatformInThePath() {
        JsonNode onOther = ok("/api/platforms/" + other + "/users");
        assertThat(emails(onOther)).containsExactly("dan@example.com", "olga@example.com");
        assertThat(onOther.get("items").get(0).get("role").asString()).isEqualTo("MENTEE");
        assertThat(onOther.get("items").get(0).get("platformCount").asInt()).isEqualTo(2);
        assertThat(count(query("email", "olga"))).isZero();
        assertThat(ids("")).doesNotContain(olga.toString()).hasSize(8);
        assertThat(ok("/api/platforms/" + newPlatform() + "/users/count").get("count").asInt()).isZero();
        assertThat(strings(ok("/api/platforms/" + newPlatform() + "/user-ids"))).isEmpty();
    }

    @Test
    void lookupReturnsThisPlatformsMembersInTheOrderAskedAndReportsTheRest() {
        UUID ann = users.get("ann.percent%@example.com");
        UUID dan = users.get("dan@example.com");
        UUID nobody = UUID.randomUUID();
        Response r = post("/api/platforms/" + platform + "/users/lookup",
                Map.of("userIds", List.of(dan.toString(), olga.toString(), nobody.toString(), ann.toString(), dan.toString())));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode items = r.body().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("userId").asString()).isEqualTo(dan.toString());
        assertThat(items.get(0).get("email").asString()).isEqualTo("dan@example.com");
        assertThat(items.get(0).get("role").asString()).isEqualTo("MENTOR");
        assertThat(items.get(0).get("lastLoginAt").asString()).isEqualTo("2026-02-15T08:30:00Z");
        assertThat(items.get(0).get("platformCount").asInt()).isEqualTo(2);
        assertThat(items.get(1).get("userId").asString()).isEqualTo(ann.toString());
        assertThat(strings(r.body().get("unknownUserIds"))).containsExactly(olga.toString(), nobody.toString());

        Response none = post("/api/platforms/" + platform + "/users/lookup", Map.of("userIds", List.of()));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().get("items")).isEmpty();
        assertThat(none.body().get("unknownUserIds")).isEmpty();
    }
}
