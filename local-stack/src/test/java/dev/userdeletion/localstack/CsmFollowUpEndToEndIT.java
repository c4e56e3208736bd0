package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.testsupport.TopicReader;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Users who could not be deleted become a CSM follow-up case with their emails; the CSM's removals
 * resolve it, and the admin is told at each step, by notification and by mail.
 */
class CsmFollowUpEndToEndIT {

    private static Stack stack;
    private static ServiceClients api;

    @BeforeAll
    static void services() {
        stack = RunningStack.get();
        api = ServiceClients.of(stack);
    }

    @Test
    void rejectedUsersAreHandedToTheCsmAndTheAdminIsToldWhenAllAreRemoved() throws Exception {
        String platform = platform("a");
        String other = platform("b");
        String csm = "csm-" + platform + "@example.com";
        String admin = "admin-" + platform + "@example.com";
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(member(platform, "solo" + i + "-" + platform + "@example.com"));
        }
        String sharedA = "shared-a-" + platform + "@example.com";
        String sharedB = "shared-b-" + platform + "@example.com";
        String shared1 = member(platform, sharedA);
        String shared2 = member(platform, sharedB);
        member(other, sharedA);
        member(other, sharedB);
        users.add(shared1);
        users.add(shared2);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.userQuery().get("/api/platforms/" + platform + "/users?size=10")
                .body().get("items").valueStream().filter(u -> u.get("platformCount").asInt() == 2).count() == 2);

        String request = deleteUsers(platform, users);

        // one case, exactly the two shared users
        JsonNode caseJson = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.notification().get("/api/csm/follow-ups?platformId=" + platform).body(),
                list -> list.size() == 1).get(0);
        assertThat(caseJson.get("requestId").asString()).isEqualTo(request);
        assertThat(caseJson.get("state").asString()).isEqualTo("OPEN");
        assertThat(caseJson.get("items").valueStream().map(i -> i.get("email").asString()).toList())
                .containsExactlyInAnyOrder(sharedA, sharedB);
        String caseId = caseJson.get("caseId").asString();
        ApiClient.Response csv = api.notification().get("/api/csm/follow-ups/" + caseId + "/emails.csv");
        assertThat(csv.raw().lines().toList()).containsExactlyInAnyOrder("email", sharedA, sharedB);

        // the CSM gets one mail listing both, the admin one saying 3 deleted and 2 not
        MimeMessage csmMail = awaitOneMail(csm, request);
        assertThat(body(csmMail)).contains(sharedA, sharedB);
        MimeMessage adminMail = awaitOneMail(admin, request);
        assertThat(body(adminMail)).contains("3 users were deleted, 2 could not be deleted");
        assertThat(notifications(platform)).anySatisfy(n -> {
            assertThat(n.get("type").asString()).isEqualTo("DELETION_COMPLETED");
            assertThat(n.get("requestId").asString()).isEqualTo(request);
        });
        assertThat(notifications(other)).isEmpty();
        List<String> followUps = followUpEvents(caseId, 1);
        assertThat(followUps).allSatisfy(json -> assertThat(json).doesNotContain("@"));

        // the CSM removes the first: that item resolves, the case stays open, the user keeps the other platform;
        // only a CSM may (the product's back end may not)
        assertThat(api.membership().delete("/api/platforms/" + platform + "/members/" + shared1).status()).isEqualTo(403);
        assertThat(api.csmOnMembership().delete("/api/platforms/" + platform + "/members/" + shared1).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> item(caseId, shared1).get("state").asString().equals("RESOLVED"));
        assertThat(api.notification().get("/api/csm/follow-ups/" + caseId).body().get("state").asString()).isEqualTo("OPEN");
        assertThat(api.membership().get("/api/users/" + shared1).body().get("memberships").get(0).get("platformId").asString())
                .isEqualTo(other);

        // removing the second closes the case and tells the admin
        assertThat(api.csmOnMembership().delete("/api/platforms/" + platform + "/members/" + shared2).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.notification().get("/api/csm/follow-ups/" + caseId).body().get("state").asString().equals("CLOSED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> notifications(platform).stream()
                .anyMatch(n -> n.get("type").asString().equals("FOLLOW_UP_CLOSED")));
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(admin).stream()
                .anyMatch(m -> subject(m).contains("have been removed")));
        assertThat(followUpEvents(caseId, 4)).hasSize(4).allSatisfy(json -> assertThat(json).doesNotContain("@"));
        assertThat(mailsTo(csm)).hasSize(1);
    }

    @Test
    void aUserRefusedOnTwoPlatformsIsDeletedWhenTheCsmRemovesThemFromOneAndBothCasesClose() {
        String a = platform("a");
        String b = platform("b");
        String email = "refused-twice-" + a + "@example.com";
        String user = member(a, email);
        assertThat(member(b, email)).isEqualTo(user);
        for (String platform : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.userQuery().get("/api/platforms/" + platform + "/users")
                    .body().get("items").valueStream().anyMatch(u -> u.get("platformCount").asInt() == 2));
        }

        // each platform's admin asks to delete the user; both are refused and each gets a case for the CSM
        String requestA = deleteUsers(a, List.of(user));
        String requestB = deleteUsers(b, List.of(user));
        String caseA = awaitOpenCase(a, requestA);
        String caseB = awaitOpenCase(b, requestB);
        assertThat(item(caseB, user).get("email").asString()).isEqualTo(email);

        // the CSM removes the user from A: left on B alone, whose deletion was refused, the user is deleted
        assertThat(api.csmOnMembership().delete("/api/platforms/" + a + "/members/" + user).status()).isEqualTo(204);
        assertThat(api.membership().get("/api/users/" + user).status()).isEqualTo(404);

        for (String followUp : List.of(caseA, caseB)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.notification().get("/api/csm/follow-ups/" + followUp).body().get("state").asString().equals("CLOSED"));
        }
        assertThat(item(caseB, user).get("state").asString()).isEqualTo("RESOLVED");
        assertThat(item(caseB, user).get("email").isNull()).as("a deleted user's email is not kept").isTrue();
        String adminB = "admin-" + b + "@example.com";
        await().atMost(Duration.ofSeconds(30)).until(() -> notifications(b).stream()
                .anyMatch(n -> n.get("type").asString().equals("FOLLOW_UP_CLOSED")));
        assertThat(notifications(b)).filteredOn(n -> n.get("type").asString().equals("FOLLOW_UP_CLOSED"))
                .singleElement().satisfies(n -> {
                    assertThat(n.get("requestId").asString()).isEqualTo(requestB);
                    assertThat(n.get("message").asString()).startsWith("All users have been removed");
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(adminB).stream()
                .anyMatch(m -> subject(m).contains("have been removed") && body(m).contains(requestB)));
        await().atMost(Duration.ofSeconds(30)).until(() -> notifications(a).stream()
                .anyMatch(n -> n.get("type").asString().equals("FOLLOW_UP_CLOSED")));
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Waits for the one case of the request, open; returns its id. */
    private static String awaitOpenCase(String platform, String requestId) {
        JsonNode cases = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.notification().get("/api/csm/follow-ups?platformId=" + platform).body(), list -> list.size() == 1);
        assertThat(cases.get(0).get("requestId").asString()).isEqualTo(requestId);
        assertThat(cases.get(0).get("state").asString()).isEqualTo("OPEN");
        return cases.get(0).get("caseId").asString();
    }

    private static String platform(String suffix) {
        String id = "e2e-csm-" + UUID.randomUUID().toString().substring(0, 8) + suffix;
        assertThat(api.provisioning().put("/api/platforms/" + id, Map.of("name", id, "csmEmail", "csm-" + id + "@example.com",
                "adminEmail", "admin-" + id + "@example.com")).status()).isEqualTo(201);
        return id;
    }

    private static String member(String platform, String email) {
        ApiClient.Response r = api.membership().post("/api/platforms/" + platform + "/members",
                Map.of("email", email, "role", "MENTEE"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("userId").asString();
    }

    private static String deleteUsers(String platform, List<String> users) {
        String base = "/api/platforms/" + platform + "/deletion-requests";
        String request = api.orchestrator().post(base, null).body().get("requestId").asString();
        assertThat(api.orchestrator().put(base + "/" + request + "/selection", Map.of("mode", "USERS", "userIds", users))
                .status()).isEqualTo(200);
        JsonNode reviewed = api.orchestrator().post(base + "/" + request + "/review", null).body();
        assertThat(reviewed.get("count").asInt()).isEqualTo(users.size());
        assertThat(api.orchestrator().post(base + "/" + request + "/confirmation", Map.of("typedCount", users.size(),
                "reviewVersion", reviewed.get("reviewVersion").asInt())).status()).isEqualTo(202);
        return request;
    }

    private static JsonNode item(String caseId, String userId) {
        return api.notification().get("/api/csm/follow-ups/" + caseId).body().get("items").valueStream()
                .filter(i -> i.get("userId").asString().equals(userId)).findFirst().orElseThrow();
    }

    private static List<JsonNode> notifications(String platform) {
        return api.notification().get("/api/platforms/" + platform + "/notifications").body().valueStream().toList();
    }

    private static List<MimeMessage> mailsTo(String address) {
        return stack.mail().received().stream().filter(m -> {
            try {
                Message.RecipientType to = Message.RecipientType.TO;
                return m.getRecipients(to) != null && List.of(m.getRecipients(to)).stream()
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static MimeMessage awaitOneMail(String address, String requestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(address).stream().anyMatch(m -> body(m).contains(requestId)));
        List<MimeMessage> mails = mailsTo(address).stream().filter(m -> body(m).contains(requestId)).toList();
        assertThat(mails).hasSize(1);
        return mails.getFirst();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage m) {
        try {
            Object content = m.getContent();
            return content instanceof String s ? s : String.valueOf(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON payloads on csm.followups keyed by {@code caseId}, once at least {@code atLeast} arrived. */
    private static List<String> followUpEvents(String caseId, int atLeast) {
        return new TopicReader(stack.infrastructure().bootstrapServers()).readUntil("csm.followups",
                        r -> caseId.equals(r.key()), found -> found.size() >= atLeast, Duration.ofSeconds(30),
                        Duration.ZERO)
                .stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
}
