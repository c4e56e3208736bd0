package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.orchestrator.receipt.ReceiptPruner;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.TestCallers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * The deletion receipt: built from the event log alone (the request's commands and confirmation published by this
 * service, outcomes and follow-up events as membership and notification publish them), readable by an auditor as
 * JSON and CSV, ids only, unchanged by redelivered events, pruned after its retention.
 */
class ReceiptIT extends IntegrationTest {

    private static final String AUDITOR = SharedInfrastructure.tokens().auditor("auditor-9");

    @Autowired ReceiptPruner pruner;

    @Test
    void anAuditorReadsWhatTheEventLogSaysAboutARequestAsJsonAndCsvWithoutAnyEmail() {
        String platform = newPlatform();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        USER_QUERY.join(users.get(1), newPlatform(), "MENTOR");
        UUID requestId = confirmedRequest(platform, users);
        Map<UUID, DeleteUser> commands = awaitCommands(requestId, 4);
        DeleteUser deleted = commands.get(users.get(0));
        DeleteUser refused = commands.get(users.get(1));
        DeleteUser gone = commands.get(users.get(2));
        Instant deletedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<dev.userdeletion.contracts.Event> events = List.of(
                new UserDeleted(deleted.commandId(), requestId, platform, deleted.userId(), deletedAt),
                new UserDeletionRejected(refused.commandId(), requestId, platform, refused.userId(),
                        RejectionReason.MULTI_PLATFORM),
                new UserAlreadyGone(gone.commandId(), requestId, platform, gone.userId()));
        List<UUID> eventIds = new ArrayList<>();
        for (var event : events) {
            UUID id = UUID.randomUUID();
            eventIds.add(id);
            kafka().publish(id, event);
        }
        UUID caseId = UUID.randomUUID();
        Instant openedAt = deletedAt.plusSeconds(1);
        kafka().publish(new FollowUpOpened(caseId, platform, requestId, 1, openedAt));
        kafka().publish(new FollowUpItemResolved(caseId, platform, requestId, refused.userId(), 0, openedAt.plusSeconds(60)));
        kafka().publish(new FollowUpClosed(caseId, platform, requestId, 1, openedAt.plusSeconds(60)));

        JsonNode receipt = awaitReceipt(platform, requestId, r -> r.get("followUps").size() == 1
                && "CLOSED".equals(r.get("followUps").get(0).get("state").asString())
                && r.get("counts").get("pending").asInt() == 1);
        assertThat(receipt.get("requestId").asString()).isEqualTo(requestId.toString());
        assertThat(receipt.get("platformId").asString()).isEqualTo(platform);
        assertThat(texts(receipt.get("requestedBy"))).containsExactly(TestCallers.FULL_ACCESS_SUBJECT);
        assertThat(receipt.get("confirmedBy").asString()).isEqualTo(TestCallers.FULL_ACCESS_SUBJECT);
        assertThat(receipt.get("confirmedCount").asInt()).isEqualTo(4);
        assertThat(receipt.get("confirmedAt").isNull()).isFalse();
        JsonNode counts = receipt.get("counts");
        assertThat(List.of(counts.get("users").asInt(), counts.get("deleted").asInt(), counts.get("rejected").asInt(),
                counts.get("alreadyGone").asInt(), counts.get("pending").asInt())).containsExactly(4, 1, 1, 1, 1);
        assertThat(counts.get("rejectedByReason").get("MULTI_PLATFORM").asInt()).isEqualTo(1);
        assertThat(receipt.get("completedAt").isNull()).as("not completed: one user has no outcome").isTrue();
        Map<String, JsonNode> byUser = new HashMap<>();
        receipt.get("users").forEach(u -> byUser.put(u.get("userId").asString(), u));
        assertThat(byUser.get(deleted.userId().toString()).get("outcome").asString()).isEqualTo("DELETED");
        assertThat(byUser.get(deleted.userId().toString()).get("outcomeAt").asString()).isEqualTo(deletedAt.toString());
        assertThat(byUser.get(deleted.userId().toString()).get("commandId").asString())
                .isEqualTo(deleted.commandId().toString());
        JsonNode rejected = byUser.get(refused.userId().toString());
        assertThat(rejected.get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectionReason").asString()).isEqualTo("MULTI_PLATFORM");
        assertThat(rejected.get("followUpCaseId").asString()).isEqualTo(caseId.toString());
        assertThat(rejected.get("resolvedAt").isNull()).isFalse();
        assertThat(byUser.get(gone.userId().toString()).get("outcome").asString()).isEqualTo("ALREADY_GONE");
        assertThat(byUser.get(users.get(3).toString()).get("outcome").asString()).isEqualTo("PENDING");
        assertThat(texts(receipt.get("source"))).containsExactly("deletion.commands", "deletion.outcomes",
                "deletion.requests", "csm.followups");

        // the last user's outcome completes the request; the receipt adds what DeletionCompleted announced
        DeleteUser last = commands.get(users.get(3));
        kafka().publish(new UserDeleted(last.commandId(), requestId, platform, last.userId(), Instant.now()));
        JsonNode complete = awaitReceipt(platform, requestId, r -> !r.get("completedAt").isNull());
        assertThat(complete.get("reported").get("deleted").asInt()).isEqualTo(2);
        assertThat(complete.get("reported").get("rejected").asInt()).isEqualTo(1);
        assertThat(complete.get("reported").get("alreadyGone").asInt()).isEqualTo(1);
        assertThat(complete.get("counts").get("pending").asInt()).isZero();

        // events delivered again (same ids, or the same facts under new ids) change nothing
        for (int i = 0; i < events.size(); i++) {
            kafka().publish(eventIds.get(i), events.get(i));
            kafka().publish(events.get(i));
        }
        awaitReceiptsCaughtUp();
        JsonNode again = receipt(platform, requestId).body();
        assertThat(again).isEqualTo(complete);
        assertThat(again.toString()).doesNotContain("@");

        Response csv = call(HttpMethod.GET, request(platform, requestId) + "/receipt.csv", null, bearer(AUDITOR));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().getFirst("Content-Type")).startsWith("text/csv");
        String[] lines = csv.raw().split("\r\n");
        assertThat(lines[0]).isEqualTo("requestId,platformId,userId,commandId,requestedBy,confirmedBy,confirmedAt,"
                + "outcome,outcomeAt,rejectionReason,rejectedAt,followUpCaseId,followUpOpenedAt,resolvedAt,"
                + "followUpClosedAt");
        assertThat(lines).hasSize(5);
        assertThat(csv.raw()).doesNotContain("@").contains(refused.userId() + "," + refused.commandId() + ","
                + TestCallers.FULL_ACCESS_SUBJECT).contains(",REJECTED,").contains("," + caseId + ",");
    }

    @Test
    void onlyAnAuditorReadsReceiptsAndAnUnknownRequestIsNotFound() {
        String platform = newPlatform();
        UUID requestId = confirmedRequest(platform, List.of(USER_QUERY.addMember(platform)));
        awaitReceipt(platform, requestId, r -> true);
        String admin = SharedInfrastructure.tokens().platformAdmin("admin-1", platform);
        assertThat(call(HttpMethod.GET, request(platform, requestId) + "/receipt", null, bearer(admin)).status())
                .isEqualTo(403);
        assertThat(call(HttpMethod.GET, request(platform, requestId) + "/receipt.csv", null,
                bearer(SharedInfrastructure.tokens().csm("csm-1"))).status()).isEqualTo(403);
        assertProblem(receipt(platform, UUID.randomUUID()), 404, "not-found");
        assertProblem(receipt(newPlatform(), requestId), 404, "not-found");
        assertProblem(call(HttpMethod.GET, requests(platform) + "/not-a-uuid/receipt", null, bearer(AUDITOR)), 400,
                "invalid-request");
    }

    @Test
    void receiptsOlderThanTheRetentionArePrunedAndNewerOnesKept() {
        String platform = newPlatform();
        UUID old = confirmedRequest(platform, List.of(USER_QUERY.addMember(platform)));
        UUID recent = confirmedRequest(platform, List.of(USER_QUERY.addMember(platform)));
        awaitReceipt(platform, old, r -> r.get("users").size() == 1);
        awaitReceipt(platform, recent, r -> r.get("users").size() == 1);
        jdbc.update("UPDATE receipt_request SET first_seen_at = now() - interval '731 days' WHERE request_id = ?", old);

        assertThat(pruner.prune()).isEqualTo(1);

        assertProblem(receipt(platform, old), 404, "not-found");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM receipt_user WHERE request_id = ?", Integer.class, old))
                .isZero();
        assertThat(receipt(platform, recent).status()).isEqualTo(200);
    }

    private Response receipt(String platform, UUID requestId) {
        return call(HttpMethod.GET, request(platform, requestId) + "/receipt", null, bearer(AUDITOR));
    }

    private JsonNode awaitReceipt(String platform, UUID requestId, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response r = receipt(platform, requestId);
            last[0] = r.body();
            return r.status() == 200 && condition.test(last[0]);
        });
        return last[0];
    }

    /** Until the receipt listener's group has consumed everything published so far. */
    private static void awaitReceiptsCaughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.DELETION_COMMANDS, Topics.DELETION_OUTCOMES, Topics.DELETION_REQUESTS,
                    Topics.CSM_FOLLOWUPS)) {
                for (int p = 0; p < 6; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("deletion-receipts")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<UUID, DeleteUser> awaitCommands(UUID requestId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka().commands(requestId).size() >= count);
        Map<UUID, DeleteUser> byUser = new HashMap<>();
        kafka().commands(requestId).forEach(c -> byUser.put(c.userId(), c));
        return byUser;
    }
}
