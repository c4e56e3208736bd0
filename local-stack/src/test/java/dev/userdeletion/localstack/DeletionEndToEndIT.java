package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The deletion flow across all services: selection, review, typed-count confirmation, DeleteUser
 * commands executed by membership-service, outcomes counted by the orchestrator.
 */
class DeletionEndToEndIT {

    private static ServiceClients api;

    @BeforeAll
    static void services() {
        api = ServiceClients.of(RunningStack.get());
    }

    @Test
    void deletesASingleUserEverywhereIncludingTheAccessList() {
        String platform = platform();
        String keep = member(platform, "keep-" + platform + "@example.com", "MENTOR");
        String gone = member(platform, "gone-" + platform + "@example.com", "MENTEE");
        accessList(platform, "gone-" + platform + "@example.com");
        accessList(platform, "keep-" + platform + "@example.com");
        awaitListed(platform, 2);

        JsonNode done = deleteAndWait(platform, Map.of("mode", "USERS", "userIds", List.of(gone)), 1);

        assertThat(done.get("deleted").asInt()).isEqualTo(1);
        assertThat(api.membership().get("/api/users/" + gone).status()).isEqualTo(404);
        assertThat(api.membership().get("/api/users/" + keep).status()).isEqualTo(200);
        assertThat(strings(api.membership().get("/api/platforms/" + platform + "/access-list").body().get("emails")))
                .containsExactly("keep-" + platform + "@example.com");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listedIds(platform, "")).containsExactly(keep));
    }

    @Test
    void aHandPickedSelectionIsBuiltAcrossPages() {
        String platform = platform();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(member(platform, "pick" + i + "-" + platform + "@example.com", "MENTEE"));
        }
        awaitListed(platform, 6);
        List<String> page1 = listedIds(platform, "&size=2&page=0");
        List<String> page2 = listedIds(platform, "&size=2&page=1");
        String request = create(platform);
        assertThat(patch(platform, request, page1, List.of()).status()).isEqualTo(200);
        assertThat(patch(platform, request, page2, List.of()).status()).isEqualTo(200);
        assertThat(patch(platform, request, List.of(), List.of(page1.getFirst())).status()).isEqualTo(200);

        JsonNode reviewed = review(platform, request);
        assertThat(reviewed.get("count").asInt()).isEqualTo(3);
        JsonNode done = confirmAndWait(platform, request, 3);
        assertThat(done.get("deleted").asInt()).isEqualTo(3);

        List<String> remaining = new ArrayList<>(users);
        remaining.removeAll(page2);
        remaining.remove(page1.get(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listedIds(platform, "")).containsExactlyInAnyOrderElementsOf(remaining));
    }

    @Test
    void everyUserOfOnePageCanBeSelected() {
        String platform = platform();
        for (int i = 0; i < 5; i++) {
            member(platform, "page" + i + "-" + platform + "@example.com", "MENTOR");
        }
        awaitListed(platform, 5);
        List<String> visible = listedIds(platform, "&size=3&page=0");
        JsonNode done = deleteAndWait(platform, Map.of("mode", "USERS", "userIds", visible), 3);
        assertThat(done.get("deleted").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listedIds(platform, "")).hasSize(2).doesNotContainAnyElementsOf(visible));
    }

    @Test
    void aFilterSelectionMinusExcludedUsers() {
        String platform = platform();
        String oldMentee = member(platform, "old-mentee-" + platform + "@example.com", "MENTEE");
        String neverMentee = member(platform, "never-mentee-" + platform + "@example.com", "MENTEE");
        String excluded = member(platform, "excluded-" + platform + "@example.com", "MENTEE");
        String recentMentee = member(platform, "recent-" + platform + "@example.com", "MENTEE");
        String oldMentor = member(platform, "old-mentor-" + platform + "@example.com", "MENTOR");
        login(oldMentee, "2025-06-30T12:00:00Z");
        login(excluded, "2025-01-01T00:00:00Z");
        login(recentMentee, "2025-07-01T00:00:00Z");
        login(oldMentor, "2025-01-01T00:00:00Z");
        awaitListed(platform, 5);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                listedIds(platform, "&lastLoginOnOrBefore=2025-06-30").size() == 4);

        JsonNode done = deleteAndWait(platform, Map.of("mode", "FILTER",
                "filter", Map.of("roles", List.of("MENTEE"), "lastLoginOnOrBefore", "2025-06-30"),
                "excludedUserIds", List.of(excluded)), 2);

        assertThat(done.get("deleted").asInt()).isEqualTo(2);
        assertThat(api.membership().get("/api/users/" + oldMentee).status()).isEqualTo(404);
        assertThat(api.membership().get("/api/users/" + neverMentee).status()).isEqualTo(404);
        for (String kept : List.of(excluded, recentMentee, oldMentor)) {
            assertThat(api.membership().get("/api/users/" + kept).status()).isEqualTo(200);
        }
    }

    @Test
    void everyUserOfThePlatformWhileOtherPlatformsAreUntouched() {
        String platform = platform();
        String other = platform();
        for (int i = 0; i < 7; i++) {
            member(platform, "all" + i + "-" + platform + "@example.com", i % 2 == 0 ? "MENTOR" : "MENTEE");
        }
        String outsider = member(other, "outsider-" + other + "@example.com", "MENTEE");
        awaitListed(platform, 7);

        JsonNode done = deleteAndWait(platform, Map.of("mode", "ALL_USERS"), 7);

        assertThat(done.get("deleted").asInt()).isEqualTo(7);
        assertThat(api.membership().get("/api/platforms/" + platform).body().get("memberCount").asInt()).isZero();
        assertThat(api.membership().get("/api/users/" + outsider).status()).isEqualTo(200);
    }

    @Test
    void aTypedCountMismatchChangesNothing() {
        String platform = platform();
        String a = member(platform, "a-" + platform + "@example.com", "MENTEE");
        String b = member(platform, "b-" + platform + "@example.com", "MENTEE");
        awaitListed(platform, 2);
        String request = create(platform);
        api.orchestrator().put(path(platform, request) + "/selection", Map.of("mode", "USERS", "userIds", List.of(a, b)));
        int reviewVersion = review(platform, request).get("reviewVersion").asInt();

        ApiClient.Response wrong = api.orchestrator().post(path(platform, request) + "/confirmation",
                Map.of("typedCount", 3, "reviewVersion", reviewVersion));

        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body().get("type").asString()).endsWith("count-mismatch");
        assertThat(api.orchestrator().get(path(platform, request)).body().get("state").asString()).isEqualTo("REVIEWED");
        assertThat(api.membership().get("/api/users/" + a).status()).isEqualTo(200);
        assertThat(api.membership().get("/api/users/" + b).status()).isEqualTo(200);
    }

    @Test
    void usersOnSeveralPlatformsAreRejectedAndStay() {
        String platform = platform();
        String other = platform();
        List<String> single = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            single.add(member(platform, "single" + i + "-" + platform + "@example.com", "MENTEE"));
        }
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String email = "shared" + i + "-" + platform + "@example.com";
            shared.add(member(platform, email, "MENTOR"));
            member(other, email, "MENTEE");
        }
        awaitListed(platform, 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.userQuery().get("/api/platforms/" + platform
                + "/users?size=10").body().get("items").valueStream().filter(i -> i.get("platformCount").asInt() == 2).count() == 2);
        List<String> all = new ArrayList<>(single);
        all.addAll(shared);

        String request = create(platform);
        api.orchestrator().put(path(platform, request) + "/selection", Map.of("mode", "USERS", "userIds", all));
        JsonNode reviewed = review(platform, request);
        assertThat(reviewed.get("predictedRejections").asInt()).isEqualTo(2);
        JsonNode done = confirmAndWait(platform, request, 5);

        assertThat(done.get("deleted").asInt()).isEqualTo(3);
        assertThat(done.get("rejected").asInt()).isEqualTo(2);
        assertThat(done.get("rejectedByReason").get("MULTI_PLATFORM").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listedIds(platform, "")).containsExactlyInAnyOrderElementsOf(shared));
        assertThat(api.membership().get("/api/platforms/" + other).body().get("memberCount").asInt()).isEqualTo(2);
    }

    @Test
    void anotherPlatformsUserNamedInASelectionIsNeverDeleted() {
        String platform = platform();
        String other = platform();
        String mine = member(platform, "mine-" + platform + "@example.com", "MENTEE");
        String theirs = member(other, "theirs-" + other + "@example.com", "MENTEE");
        awaitListed(platform, 1);
        awaitListed(other, 1);

        String request = create(platform);
        api.orchestrator().put(path(platform, request) + "/selection",
                Map.of("mode", "USERS", "userIds", List.of(mine, theirs)));
        JsonNode reviewed = review(platform, request);
        assertThat(reviewed.get("count").asInt()).isEqualTo(1);
        confirmAndWait(platform, request, 1);

        assertThat(api.membership().get("/api/users/" + theirs).status()).isEqualTo(200);
        assertThat(api.membership().get("/api/users/" + mine).status()).isEqualTo(404);
    }

    @Test
    void redeliveredCommandsAndOutcomesChangeNoCounts() throws Exception {
        String platform = platform();
        String a = member(platform, "redeliver-a-" + platform + "@example.com", "MENTEE");
        String b = member(platform, "redeliver-b-" + platform + "@example.com", "MENTEE");
        awaitListed(platform, 2);
        JsonNode done = deleteAndWait(platform, Map.of("mode", "USERS", "userIds", List.of(a, b)), 2);
        String requestId = done.get("requestId").asString();

        // both users are one chunk: one command, one outcome
        List<ConsumerRecord<String, byte[]>> commands = recordsOf("deletion.commands", requestId, 1);
        List<ConsumerRecord<String, byte[]>> outcomes = recordsOf("deletion.outcomes", requestId, 1);
        assertThat(commands).hasSize(1);
        assertThat(outcomes).hasSize(1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                RunningStack.get().infrastructure().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> r : concat(commands, outcomes)) {
                // once as the same event redelivered, once as a copy under a new event id
                producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers())).get();
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers());
                copy.headers().remove("id");
                copy.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                producer.send(copy).get();
            }
        }
        KafkaLag.awaitConsumed(RunningStack.get().infrastructure().bootstrapServers(),
                List.of("deletion.commands", "deletion.outcomes"));

        JsonNode after = api.orchestrator().get(path(platform, requestId)).body();
        assertThat(after.get("deleted").asInt()).isEqualTo(2);
        assertThat(after.get("alreadyGone").asInt()).isZero();
        assertThat(after.get("rejected").asInt()).isZero();
        assertThat(after.get("pending").asInt()).isZero();
        // membership answered none of the duplicated commands again: the outcome plus our 2 copies
        assertThat(recordsOf("deletion.outcomes", requestId, 3)).hasSize(3);
    }

    @Test
    void overlappingRequestsDeleteEachUserOnce() {
        String platform = platform();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(member(platform, "overlap" + i + "-" + platform + "@example.com", "MENTEE"));
        }
        awaitListed(platform, 4);
        String first = create(platform);
        String second = create(platform);
        for (String request : List.of(first, second)) {
            api.orchestrator().put(path(platform, request) + "/selection", Map.of("mode", "USERS", "userIds", users));
            review(platform, request);
        }
        confirm(platform, first, 4);
        confirm(platform, second, 4);
        JsonNode one = awaitCompleted(platform, first);
        JsonNode two = awaitCompleted(platform, second);

        assertThat(one.get("deleted").asInt() + two.get("deleted").asInt()).isEqualTo(4);
        assertThat(one.get("alreadyGone").asInt() + two.get("alreadyGone").asInt()).isEqualTo(4);
        // the two requests' chunks are keyed by request and may run in either order: each accounts for all four
        for (JsonNode request : List.of(one, two)) {
            assertThat(request.get("deleted").asInt() + request.get("alreadyGone").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aSelectionChangedAfterReviewMustBeReviewedAgain() {
        String platform = platform();
        String a = member(platform, "again-a-" + platform + "@example.com", "MENTEE");
        String b = member(platform, "again-b-" + platform + "@example.com", "MENTEE");
        awaitListed(platform, 2);
        String request = create(platform);
        api.orchestrator().put(path(platform, request) + "/selection", Map.of("mode", "USERS", "userIds", List.of(a)));
        int seen = review(platform, request).get("reviewVersion").asInt();

        JsonNode changed = patch(platform, request, List.of(b), List.of()).body();
        assertThat(changed.get("state").asString()).isEqualTo("DRAFT");
        ApiClient.Response refused = api.orchestrator().post(path(platform, request) + "/confirmation",
                Map.of("typedCount", 1, "reviewVersion", seen));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(api.membership().get("/api/users/" + a).status()).isEqualTo(200);

        assertThat(review(platform, request).get("count").asInt()).isEqualTo(2);
        assertThat(confirmAndWait(platform, request, 2).get("deleted").asInt()).isEqualTo(2);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String platform() {
        String id = "e2e-del-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.provisioning().put("/api/platforms/" + id, Map.of("name", id, "csmEmail", "csm@example.com",
                "adminEmail", "admin@example.com")).status()).isEqualTo(201);
        return id;
    }

    private static String member(String platform, String email, String role) {
        ApiClient.Response r = api.membership().post("/api/platforms/" + platform + "/members", Map.of("email", email, "role", role));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("userId").asString();
    }

    private static void accessList(String platform, String email) {
        assertThat(api.membership().put("/api/platforms/" + platform + "/access-list/" + email, null).status()).isEqualTo(204);
    }

    private static void login(String user, String at) {
        assertThat(api.membership().post("/api/users/" + user + "/logins", Map.of("at", at)).status()).isEqualTo(204);
    }

    private static void awaitListed(String platform, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.userQuery().get("/api/platforms/" + platform + "/users/count").body().get("count").asInt() == count);
    }

    private static List<String> listedIds(String platform, String query) {
        return api.userQuery().get("/api/platforms/" + platform + "/users?sort=email" + query).body().get("items").valueStream()
                .map(i -> i.get("userId").asString()).toList();
    }

    private static String path(String platform, String request) {
        return "/api/platforms/" + platform + "/deletion-requests/" + request;
    }

    private static String create(String platform) {
        ApiClient.Response r = api.orchestrator().post("/api/platforms/" + platform + "/deletion-requests", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.body().get("state").asString()).isEqualTo("DRAFT");
        return r.body().get("requestId").asString();
    }

    private static ApiClient.Response patch(String platform, String request, List<String> add, List<String> remove) {
        return api.orchestrator().patch(path(platform, request) + "/selection", Map.of("add", add, "remove", remove));
    }

    private static JsonNode review(String platform, String request) {
        ApiClient.Response r = api.orchestrator().post(path(platform, request) + "/review", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("state").asString()).isEqualTo("REVIEWED");
        return r.body();
    }

    /** Confirms the review the admin is looking at: the request's current one. */
    private static void confirm(String platform, String request, int typed) {
        int reviewVersion = api.orchestrator().get(path(platform, request)).body().get("reviewVersion").asInt();
        ApiClient.Response r = api.orchestrator().post(path(platform, request) + "/confirmation",
                Map.of("typedCount", typed, "reviewVersion", reviewVersion));
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
    }

    private static JsonNode confirmAndWait(String platform, String request, int typed) {
        confirm(platform, request, typed);
        return awaitCompleted(platform, request);
    }

    private static JsonNode awaitCompleted(String platform, String request) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "COMPLETED".equals(api.orchestrator().get(path(platform, request)).body().get("state").asString()));
        JsonNode done = api.orchestrator().get(path(platform, request)).body();
        assertThat(done.get("pending").asInt()).isZero();
        assertThat(done.get("deleted").asInt() + done.get("rejected").asInt() + done.get("alreadyGone").asInt())
                .isEqualTo(done.get("count").asInt());
        return done;
    }

    private static JsonNode deleteAndWait(String platform, Map<String, Object> selection, int expectedCount) {
        String request = create(platform);
        ApiClient.Response selected = api.orchestrator().put(path(platform, request) + "/selection", selection);
        assertThat(selected.status()).as(selected.raw()).isEqualTo(200);
        assertThat(review(platform, request).get("count").asInt()).isEqualTo(expectedCount);
        return confirmAndWait(platform, request, expectedCount);
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Records of {@code topic} whose JSON payload names {@code requestId}: at least {@code atLeast}, and any behind. */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String requestId, int atLeast) {
        return new TopicReader(RunningStack.get().infrastructure().bootstrapServers()).readUntil(topic,
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(requestId),
                found -> found.size() >= atLeast, Duration.ofSeconds(20), Duration.ofSeconds(1));
    }
}
