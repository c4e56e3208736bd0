package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Membership writes flow through the outbox, Debezium and Kafka into the query service: the pages an
 * admin sees are exactly the ones the writes imply, within seconds.
 */
class UserDirectoryEndToEndIT {

    private static final String PLATFORM = "e2e-dir-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String OTHER = "e2e-dir-other-" + UUID.randomUUID().toString().substring(0, 8);

    private static ApiClient membership;
    private static ApiClient userQuery;
    private static Map<String, String> ids;

    @BeforeAll
    static void writeThroughTheMembershipApi() {
        Stack stack = RunningStack.get();
        membership = new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), stack.callers().backEnd());
        ApiClient provisioning = new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), stack.callers().provisioner());
        userQuery = new ApiClient(stack.baseUrl(Stack.USER_QUERY), stack.callers().adminOfPathPlatformElseCsm());
        for (String platform : List.of(PLATFORM, OTHER)) {
            assertThat(provisioning.put("/api/platforms/" + platform, Map.of("name", platform,
                    "csmEmail", "csm@example.com", "adminEmail", "admin@example.com")).status()).isIn(200, 201);
        }
        ids = new java.util.HashMap<>();
        ids.put("ann", member(PLATFORM, "Ann.Percent%@Example.com", "MENTOR"));
        ids.put("bob", member(PLATFORM, "bob_underscore@example.com", "MENTEE"));
        ids.put("cat", member(PLATFORM, "cat@example.com", "MENTEE"));
        ids.put("dan", member(PLATFORM, "dan@example.com", "MENTOR"));
        ids.put("eve", member(PLATFORM, "eve.percentless@example.com", "MENTEE"));
        // dan also joins the other platform with the same account
        assertThat(member(OTHER, "dan@example.com", "MENTEE")).isEqualTo(ids.get("dan"));

        login("ann", "2026-03-31T23:59:59Z"); // on the boundary day: included
        login("bob", "2026-04-01T00:00:00Z"); // the day after: excluded
        login("cat", "2025-12-01T10:00:00Z");
        login("dan", "2026-02-15T08:30:00Z");
        // eve never logged in

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode found = userQuery.get("/api/platforms/" + PLATFORM + "/users?email=dan@").body().get("items");
            assertThat(found).hasSize(1);
            JsonNode dan = found.get(0);
            assertThat(dan.get("platformCount").asInt()).isEqualTo(2);
            assertThat(dan.get("lastLoginAt").asString()).isEqualTo("2026-02-15T08:30:00Z");
            assertThat(userQuery.get("/api/platforms/" + PLATFORM + "/users/count").body().get("count").asInt()).isEqualTo(5);
        });
    }

    @Test
    void defaultPageIsSortedByEmailWithTotals() {
        JsonNode page = userQuery.get("/api/platforms/" + PLATFORM + "/users").body();
        assertThat(emails(page)).containsExactly("ann.percent%@example.com", "bob_underscore@example.com",
                "cat@example.com", "dan@example.com", "eve.percentless@example.com");
        assertThat(page.get("totalElements").asInt()).isEqualTo(5);
        assertThat(page.get("totalPages").asInt()).isEqualTo(1);
    }

    @Test
    void pagesSplitTheSortedList() {
        JsonNode second = userQuery.get("/api/platforms/" + PLATFORM + "/users?size=2&page=1").body();
        assertThat(emails(second)).containsExactly("cat@example.com", "dan@example.com");
        assertThat(second.get("totalPages").asInt()).isEqualTo(3);
    }

    @Test
    void lastLoginOnOrBeforeIsInclusiveAndIncludesNeverLoggedIn() {
        JsonNode page = userQuery.get("/api/platforms/" + PLATFORM + "/users?lastLoginOnOrBefore=2026-03-31").body();
        assertThat(emails(page)).containsExactly("ann.percent%@example.com", "cat@example.com", "dan@example.com",
                "eve.percentless@example.com");
    }

    @Test
    void emailSubstringTakesPercentAndUnderscoreLiterally() {
        assertThat(emails(userQuery.get("/api/platforms/" + PLATFORM + "/users?email=%25").body()))
                .containsExactly("ann.percent%@example.com");
        assertThat(emails(userQuery.get("/api/platforms/" + PLATFORM + "/users?email=B_U").body()))
                .containsExactly("bob_underscore@example.com");
        assertThat(emails(userQuery.get("/api/platforms/" + PLATFORM + "/users?email=PERCENT").body()))
                .containsExactly("ann.percent%@example.com", "eve.percentless@example.com");
    }

    @Test
    void rolesAndDateCombineAndSortByLastLogin() {
        JsonNode page = userQuery.get("/api/platforms/" + PLATFORM
                + "/users?role=MENTEE&lastLoginOnOrBefore=2026-03-31&sort=lastLoginAt,desc").body();
        assertThat(emails(page)).containsExactlyInAnyOrder("cat@example.com", "eve.percentless@example.com");
        JsonNode mentors = userQuery.get("/api/platforms/" + PLATFORM + "/users?role=MENTOR&sort=lastLoginAt,asc").body();
        assertThat(emails(mentors)).containsExactly("dan@example.com", "ann.percent%@example.com");
    }

    @Test
    void theSharedUserCountsTwoPlatformsAndOtherPlatformsStaySeparate() {
        JsonNode other = userQuery.get("/api/platforms/" + OTHER + "/users").body();
        assertThat(emails(other)).containsExactly("dan@example.com");
        assertThat(other.get("items").get(0).get("platformCount").asInt()).isEqualTo(2);
        assertThat(other.get("items").get(0).get("role").asString()).isEqualTo("MENTEE");
        JsonNode user = membership.get("/api/users/" + ids.get("dan")).body();
        assertThat(user.get("memberships")).hasSize(2);
    }

    @Test
    void theIdListStreamsEveryMatchingUser() {
        ApiClient.Response ids = userQuery.get("/api/platforms/" + PLATFORM + "/user-ids?role=MENTOR");
        assertThat(ids.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(ids.body().spliterator(), false).map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder(UserDirectoryEndToEndIT.ids.get("ann"), UserDirectoryEndToEndIT.ids.get("dan"));
    }

    private static String member(String platform, String email, String role) {
        ApiClient.Response r = membership.post("/api/platforms/" + platform + "/members",
                Map.of("email", email, "role", role));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("userId").asString();
    }

    private static void login(String who, String at) {
        assertThat(membership.post("/api/users/" + ids.get(who) + "/logins", Map.of("at", at)).status()).isEqualTo(204);
    }

    private static List<String> emails(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("email").asString()).toList();
    }
}
