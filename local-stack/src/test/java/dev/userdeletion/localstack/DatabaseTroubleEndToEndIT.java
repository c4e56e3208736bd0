package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.LocalInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Database trouble in the middle of a deletion (issue 18 B), on the four real services: each consumer's database
 * refuses writes (as during a failover), or refuses connections, for far longer than a failing record's attempts
 * (3 × 500 ms) while records wait for it. membership-service's database is in trouble when the commands arrive; once
 * it recovers, the orchestrator's is, while the outcomes arrive, and notification-service's and user-query-service's
 * stay in trouble through both. Nothing goes to any dead-letter topic, the request completes with exact counts, the
 * read model matches, and the CSM case and both mails arrive once.
 */
class DatabaseTroubleEndToEndIT {

    private static final Duration TROUBLE = Duration.ofSeconds(8);

    private static Stack stack;
    private static ServiceClients api;

    @BeforeAll
    static void services() {
        stack = RunningStack.get();
        api = ServiceClients.of(stack);
    }

    @Test
    void everyDatabaseReadOnlyDuringADeletionLosesNothing() throws Exception {
        deletionSurvives("ro", LocalInfrastructure::readOnly);
    }

    @Test
    void everyDatabaseRefusingConnectionsDuringADeletionLosesNothing() throws Exception {
        deletionSurvives("rc", LocalInfrastructure::refuseConnections);
    }

    private void deletionSurvives(String tag, BiFunction<LocalInfrastructure, String, LocalInfrastructure.Fault> fault)
            throws Exception {
        String platform = platform(tag);
        String other = platform(tag + "-o");
        for (int i = 0; i < 80; i++) {
            String email = "u" + i + "-" + platform + "@example.com";
            member(platform, email);
            if (i % 4 == 0) {
                member(other, email);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(platform) == 80);
        Map<TopicPartition, Long> deadLettersBefore = deadLetterEnds();

        String base = "/api/platforms/" + platform + "/deletion-requests";
        String request = base + "/" + api.orchestrator().post(base, null).body().get("requestId").asString();
        assertThat(api.orchestrator().put(request + "/selection", Map.of("mode", "ALL_USERS")).status()).isEqualTo(200);
        JsonNode reviewed = api.orchestrator().post(request + "/review", null).body();
        assertThat(reviewed.get("count").asInt()).isEqualTo(80);

        LocalInfrastructure infra = stack.infrastructure();
        try (LocalInfrastructure.Fault readModel = fault.apply(infra, "user_query");
             LocalInfrastructure.Fault notifications = fault.apply(infra, "notification")) {
            try (LocalInfrastructure.Fault commands = fault.apply(infra, "membership")) {
                assertThat(api.orchestrator().post(request + "/confirmation", Map.of("typedCount", 80, "reviewVersion",
                        reviewed.get("reviewVersion").asInt())).status()).isEqualTo(202);
                Thread.sleep(TROUBLE.toMillis()); // the commands wait for membership-service's database
            }
            try (LocalInfrastructure.Fault outcomes = fault.apply(infra, "orchestrator")) {
                Thread.sleep(TROUBLE.toMillis()); // the outcomes wait for the orchestrator's database
            }
        }

        JsonNode done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api.orchestrator().get(request).body(), r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("deleted").asInt()).isEqualTo(60);
        assertThat(done.get("rejected").asInt()).isEqualTo(20);
        assertThat(done.get("rejectedByReason").get("MULTI_PLATFORM").asInt()).isEqualTo(20);
        assertThat(done.get("failed").asInt()).isZero();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count(platform) == 20);
        JsonNode followUp = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> api.notification().get("/api/csm/follow-ups?platformId=" + platform).body(),
                        cases -> cases.size() == 1 && cases.get(0).get("items").size() == 20);
        assertThat(followUp.get(0).get("requestId").asString()).isEqualTo(request.substring(base.length() + 1));
        assertThat(deadLetterEnds()).as("no record in any dead-letter topic").isEqualTo(deadLettersBefore);
        await().atMost(Duration.ofSeconds(60)).until(() -> mailsTo("csm-" + platform + "@example.com") == 1
                && mailsTo("admin-" + platform + "@example.com") == 1);
    }

    private static long mailsTo(String address) {
        return stack.mail().received().stream().filter(m -> {
            try {
                return m.getAllRecipients() != null && List.of(m.getAllRecipients()).stream()
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    private static int count(String platform) {
        return api.userQuery().get("/api/platforms/" + platform + "/users/count").body().get("count").asInt();
    }

    private static Map<TopicPartition, Long> deadLetterEnds() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().bootstrapServers()))) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.endsWith("-dlt")).toList();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values()
                    .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static String platform(String tag) {
        String id = "db-" + tag + "-" + Long.toString(System.nanoTime(), 36);
        ApiClient.Response r = api.provisioning().put("/api/platforms/" + id, Map.of("name", "Database trouble " + tag,
                "csmEmail", "csm-" + id + "@example.com", "adminEmail", "admin-" + id + "@example.com"));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        return id;
    }

    private static void member(String platform, String email) {
        ApiClient.Response r = api.membership().post("/api/platforms/" + platform + "/members",
                Map.of("email", email, "role", "MENTEE"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }
}
