package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.localstack.replay.DeadLetterReplay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A command that fails on its own is dead-lettered, the users of its chunk show FAILED on the request at once; the
 * operator removes the cause and replays it with the replay tool, and the request completes with exact counts.
 * Replaying it again changes nothing (issue 18 B). A chunk is one transaction in membership-service, so one user who
 * cannot be deleted holds back the users of the same chunk (up to orchestrator.chunk-size) until the replay.
 */
class DeadLetterReplayEndToEndIT {

    private static Stack stack;
    private static ServiceClients api;

    @BeforeAll
    static void services() {
        stack = RunningStack.get();
        api = ServiceClients.of(stack);
    }

    @Test
    void aDeadLetteredCommandIsReplayedOnceItsCauseIsFixedAndTheRequestCompletes() throws Exception {
        String platform = "dlt-" + Long.toString(System.nanoTime(), 36);
        assertThat(api.provisioning().put("/api/platforms/" + platform, Map.of("name", "Replay", "csmEmail",
                "csm-" + platform + "@example.com", "adminEmail", "admin-" + platform + "@example.com")).status())
                .isEqualTo(201);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(api.membership().post("/api/platforms/" + platform + "/members", Map.of("email",
                    "u" + i + "-" + platform + "@example.com", "role", "MENTEE")).body().get("userId").asString());
        }
        String stuck = users.get(2);
        String trigger = "refuse_" + platform.replace('-', '_');
        // the cause: membership-service's database refuses to delete this one user (a bug, not the infrastructure)
        sql("CREATE OR REPLACE FUNCTION refuse_deletion() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'this user cannot be deleted'; END $$");
        sql("CREATE TRIGGER " + trigger + " BEFORE DELETE ON users FOR EACH ROW WHEN (OLD.id = '" + stuck
                + "') EXECUTE FUNCTION refuse_deletion()");

        // the review resolves the selection through the read model: wait until it lists the five users
        await().atMost(Duration.ofSeconds(30)).until(() -> api.userQuery().get("/api/platforms/" + platform
                + "/users/count").body().get("count").asInt() == users.size());
        String request = confirmed(platform, users);
        String requestId = request.substring(request.lastIndexOf('/') + 1);
        // the five users are one chunk: the chunk fails as a whole and all five wait for the replay
        JsonNode stalled = await().atMost(Duration.ofSeconds(60)).until(() -> api.orchestrator().get(request).body(),
                r -> r.get("failed").asInt() == 5);
        assertThat(stalled.get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(stalled.get("stalled").asBoolean()).isTrue();
        assertThat(stalled.get("deleted").asInt()).isZero();
        JsonNode failed = api.orchestrator().get(request + "/items?outcome=FAILED").body().get("items");
        assertThat(failed).extracting(i -> i.get("userId").asString()).containsExactlyInAnyOrderElementsOf(users);
        assertThat(api.membership().get("/api/users/" + users.get(0)).status()).as("nothing of the chunk was deleted")
                .isEqualTo(200);

        sql("DROP TRIGGER " + trigger + " ON users");
        try (DeadLetterReplay replay = new DeadLetterReplay(stack.infrastructure().bootstrapServers(),
                "deletion.commands-dlt")) {
            assertThat(replay.list()).anySatisfy(e -> {
                assertThat(e.key()).isEqualTo(requestId);
                assertThat(e.eventType()).isEqualTo("DeleteUser");
                assertThat(e.exception()).isNotBlank();
            });
            assertThat(replay.replay(e -> e.key().equals(requestId))).hasSize(1);
            JsonNode completed = await().atMost(Duration.ofSeconds(60)).until(() -> api.orchestrator().get(request).body(),
                    r -> r.get("state").asString().equals("COMPLETED"));
            assertThat(completed.get("deleted").asInt()).isEqualTo(5);
            assertThat(completed.get("failed").asInt()).isZero();
            assertThat(api.membership().get("/api/users/" + stuck).status()).isEqualTo(404);

            // replaying again: the command id was executed, so nothing is answered or counted twice
            int version = completed.get("version").asInt();
            assertThat(replay.replay(e -> e.key().equals(requestId))).hasSize(1);
            await().atMost(Duration.ofSeconds(60)).until(DeadLetterReplayEndToEndIT::membershipReadEveryCommand);
            JsonNode after = api.orchestrator().get(request).body();
            assertThat(after.get("version").asInt()).isEqualTo(version);
            assertThat(after.get("deleted").asInt()).isEqualTo(5);
        }
    }

    private static String confirmed(String platform, List<String> users) {
        String base = "/api/platforms/" + platform + "/deletion-requests";
        String request = base + "/" + api.orchestrator().post(base, null).body().get("requestId").asString();
        assertThat(api.orchestrator().put(request + "/selection", Map.of("mode", "USERS", "userIds", users)).status())
                .isEqualTo(200);
        // the directory learns of new members asynchronously: review until it knows all of them
        JsonNode reviewed = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.orchestrator().post(request + "/review", null).body(), r -> r.get("count").asInt() == users.size());
        assertThat(api.orchestrator().post(request + "/confirmation", Map.of("typedCount", users.size(), "reviewVersion",
                reviewed.get("reviewVersion").asInt())).status()).isEqualTo(202);
        return request;
    }

    /** membership-service's consumer group has committed the end of deletion.commands (the replay included). */
    private static boolean membershipReadEveryCommand() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of("deletion.commands")).allTopicNames()
                    .get().get("deletion.commands").partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition("deletion.commands", p.partition()),
                            p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("membership-service")
                    .partitionsToOffsetAndMetadata().get();
            return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                    || committed.containsKey(end.getKey())
                    && committed.get(end.getKey()).offset() >= end.getValue().offset());
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.infrastructure().jdbcUrl("membership"),
                LocalInfrastructure.DB_USER, LocalInfrastructure.DB_PASSWORD); var s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
