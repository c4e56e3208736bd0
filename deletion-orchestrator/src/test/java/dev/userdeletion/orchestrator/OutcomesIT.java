package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.DeletionOutcome.RejectedUser;
import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.testsupport.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Outcomes from membership-service (played by the test's producer) counted into requests until completion. */
class OutcomesIT extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(OutcomesIT.class);

    @Test
    void threeDeletedAndTwoRejectedCompleteTheRequest() {
        String platform = newPlatform();
        String other = newPlatform();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        USER_QUERY.join(users.get(3), other, "MENTOR");
        USER_QUERY.join(users.get(4), other, "MENTEE");
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, users);
        assertThat(review(platform, requestId).body().get("predictedRejections").asInt()).isEqualTo(2);
        assertThat(confirm(platform, requestId, 5).status()).isEqualTo(202);
        awaitCommands(requestId, 5);
        Set<UUID> refused = Set.of(users.get(3), users.get(4));

        // chunks of 3 in the tests: two commands, each answered by one outcome
        for (DeleteUsers command : kafka().commands(requestId)) {
            kafka().publish(new DeletionOutcome(command.commandId(), requestId, platform,
                    command.userIds().stream().filter(u -> !refused.contains(u)).toList(),
                    command.userIds().stream().filter(refused::contains)
                            .map(u -> new RejectedUser(u, RejectionReason.MULTI_PLATFORM)).toList(),
                    List.of(), Instant.now()));
        }

        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(completed.get("deleted").asInt()).isEqualTo(3);
        assertThat(completed.get("rejected").asInt()).isEqualTo(2);
        assertThat(completed.get("alreadyGone").asInt()).isZero();
        assertThat(completed.get("pending").asInt()).isZero();
        assertThat(completed.get("count").asInt()).isEqualTo(5);
        assertThat(completed.get("rejectedByReason").get("MULTI_PLATFORM").asInt()).isEqualTo(2);
        assertThat(completed.get("rejectedByReason").get("NOT_A_MEMBER").asInt()).isZero();
        assertThat(completed.get("completedAt").isNull()).isFalse();
        assertThat(completed.get("stalled").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().completions(requestId).size() == 1);
        DeletionCompleted event = kafka().completions(requestId).getFirst();
        assertThat(event.deleted()).isEqualTo(3);
        assertThat(event.rejected()).isEqualTo(2);
        assertThat(event.alreadyGone()).isZero();
        assertThat(event.rejectedByReason()).containsEntry(RejectionReason.MULTI_PLATFORM, 2)
                .containsEntry(RejectionReason.NOT_A_MEMBER, 0);
        assertThat(event.platformId()).isEqualTo(platform);
        assertThat(event.completedAt()).isEqualTo(Instant.parse(completed.get("completedAt").asString()));
        kafka().of(requestId).forEach(r -> assertThat(r.payload()).doesNotContain("@"));

        Map<String, String> outcomes = new HashMap<>();
        items(platform, requestId, 0, 10).body().get("items").forEach(item -> outcomes.put(
                item.get("userId").asString(), item.get("outcome").asString() + "/" + item.get("reason").asString("-")));
        assertThat(outcomes).containsEntry(users.get(0).toString(), "DELETED/-")
                .containsEntry(users.get(4).toString(), "REJECTED/MULTI_PLATFORM");
    }

    @Test
    void duplicateAndUnknownOutcomesChangeNoCounts() {
        String platform = newPlatform();
        List<UUID> users = List.of(USER_QUERY.addMember(platform), USER_QUERY.addMember(platform),
                USER_QUERY.addMember(platform));
        UUID requestId = confirmedRequest(platform, users);
        UUID command = awaitCommands(requestId, 3).get(users.get(0));
        UUID first = users.get(0);
        UUID second = users.get(1);
        UUID third = users.get(2);

        double ignoredBefore = gauge("deletion_outcomes_ignored_total");
        UUID eventId = UUID.randomUUID();
        DeletionOutcome deleted = outcome(command, requestId, platform, List.of(first), List.of(), List.of());
        List<RecordMetadata> sent = new ArrayList<>();
        sent.add(kafka().publish(eventId, deleted));
        sent.add(kafka().publish(eventId, deleted)); // redelivered: same event id
        sent.add(kafka().publish(deleted)); // the same outcome published again under a new id
        sent.add(kafka().publish(outcome(command, requestId, platform, List.of(),
                List.of(new RejectedUser(first, RejectionReason.NOT_A_MEMBER)), List.of()))); // contradicting, late
        sent.add(kafka().publish(outcome(UUID.randomUUID(), requestId, platform, List.of(second), List.of(),
                List.of()))); // an unknown command
        sent.add(kafka().publish(outcome(UUID.randomUUID(), UUID.randomUUID(), platform, List.of(second), List.of(),
                List.of()))); // an unknown request
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().consumed(GROUP, sent));

        JsonNode partial = getRequest(platform, requestId).body();
        assertThat(partial.get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(partial.get("deleted").asInt()).isEqualTo(1);
        assertThat(partial.get("rejected").asInt()).isZero();
        assertThat(partial.get("pending").asInt()).isEqualTo(2);
        // the redelivery is recognised by its event id; the four others are counted as matching no pending command
        assertThat(gauge("deletion_outcomes_ignored_total")).isEqualTo(ignoredBefore + 4);

        // the rest of the chunk, in one outcome
        kafka().publish(outcome(command, requestId, platform, List.of(),
                List.of(new RejectedUser(third, RejectionReason.NOT_A_MEMBER)), List.of(second)));
        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(completed.get("deleted").asInt()).isEqualTo(1);
        assertThat(completed.get("alreadyGone").asInt()).isEqualTo(1);
        assertThat(completed.get("rejected").asInt()).isEqualTo(1);
        assertThat(completed.get("rejectedByReason").get("NOT_A_MEMBER").asInt()).isEqualTo(1);
        assertThat(completed.get("rejectedByReason").get("MULTI_PLATFORM").asInt()).isZero();

        // answers arriving after completion change nothing either, and completion is announced once
        List<RecordMetadata> late = List.of(kafka().publish(eventId, deleted), kafka().publish(
                outcome(command, requestId, platform, List.of(third), List.of(), List.of())));
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().consumed(GROUP, late));
        assertThat(getRequest(platform, requestId).body()).isEqualTo(completed);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().completions(requestId).size() == 1);
        DeletionCompleted event = kafka().completions(requestId).getFirst();
        assertThat(List.of(event.deleted(), event.rejected(), event.alreadyGone())).containsExactly(1, 1, 1);
    }

    @Test
    void overlappingRequestsForTheSameUserEachCountTheirOwnCommands() {
        String platform = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        UUID firstRequest = confirmedRequest(platform, List.of(user));
        UUID secondRequest = confirmedRequest(platform, List.of(user));
        UUID firstCommand = awaitCommands(firstRequest, 1).get(user);
        UUID secondCommand = awaitCommands(secondRequest, 1).get(user);
        assertThat(firstCommand).isNotEqualTo(secondCommand);

        kafka().publish(outcome(firstCommand, firstRequest, platform, List.of(user), List.of(), List.of()));
        kafka().publish(outcome(secondCommand, secondRequest, platform, List.of(), List.of(), List.of(user)));

        JsonNode first = awaitRequest(platform, firstRequest, r -> r.get("state").asString().equals("COMPLETED"));
        JsonNode second = awaitRequest(platform, secondRequest, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(first.get("deleted").asInt()).isEqualTo(1);
        assertThat(first.get("alreadyGone").asInt()).isZero();
        assertThat(second.get("deleted").asInt()).isZero();
        assertThat(second.get("alreadyGone").asInt()).isEqualTo(1);
    }

    @Test
    void aRecordThatBreaksTheContractGoesToTheDeadLetterTopicAndTheRestIsApplied() {
        String platform = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        UUID requestId = confirmedRequest(platform, List.of(user));
        UUID command = awaitCommands(requestId, 1).get(user);
        String badId = UUID.randomUUID().toString();
        String wrongTypeId = UUID.randomUUID().toString();

        kafka().send(requestId.toString(), "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("id", badId, "eventType", "DeletionOutcome", "schemaVersion", "1"));
        kafka().publish(UUID.fromString(wrongTypeId), kafka().commands(requestId).getFirst()); // not an outcome
        kafka().publish(outcome(command, requestId, platform, List.of(user), List.of(), List.of()));

        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(completed.get("deleted").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().deadLetters().stream()
                .map(KafkaEvents.Received::eventId).toList().containsAll(List.of(badId, wrongTypeId)));
        String metrics = get("/actuator/prometheus").raw();
        assertThat(metrics).contains("messaging_dead_letter_records_total{topic=\"deletion.outcomes\"");
    }

    @Test
    void aRequestWaitingTooLongForOutcomesIsShownStalled() {
        String platform = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        UUID requestId = confirmedRequest(platform, List.of(user));
        UUID command = awaitCommands(requestId, 1).get(user);

        // orchestrator.stall-after is 3 s in the tests
        JsonNode stalled = awaitRequest(platform, requestId, r -> r.get("stalled").asBoolean());
        assertThat(stalled.get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(stalled.get("pending").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("deletion_requests_stalled") >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("deletion_users_pending") >= 1);

        kafka().publish(outcome(command, requestId, platform, List.of(user), List.of(), List.of()));
        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(completed.get("stalled").asBoolean()).isFalse();
    }

    @Test
    void aLargeDeleteAllRequestRunsInBatchesAndIsMeasured() {
        String platform = newPlatform();
        int size = 5_000;
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        UUID requestId = createRequest(platform);
        call(HttpMethod.PUT, request(platform, requestId) + "/selection", Map.of("mode", "ALL_USERS"));

        long started = System.nanoTime();
        Response reviewed = review(platform, requestId);
        long reviewMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(size);
        started = System.nanoTime();
        Response confirmed = confirm(platform, requestId, size);
        long confirmMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
        awaitCommands(requestId, size);
        long relayedMs = (System.nanoTime() - started) / 1_000_000;

        started = System.nanoTime();
        List<Event> outcomes = new ArrayList<>();
        for (DeleteUsers command : kafka().commands(requestId)) {
            outcomes.add(outcome(command.commandId(), requestId, platform, command.userIds(), List.of(), List.of()));
        }
        kafka().publishAll(outcomes);
        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        long outcomesMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(completed.get("deleted").asInt()).isEqualTo(size);
        log.info("{} users: review {} ms, confirmation {} ms, commands on Kafka after {} ms, {} outcomes applied in"
                + " {} ms", size, reviewMs, confirmMs, relayedMs, size, outcomesMs);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().completions(requestId).size() == 1);

        String metrics = get("/actuator/prometheus").raw();
        assertThat(metrics).contains("deletion_users_deleted_total", "deletion_users_rejected_total{reason=\"MULTI_PLATFORM\"}",
                "deletion_users_already_gone_total", "deletion_request_completion_seconds_count",
                "deletion_requests{state=\"COMPLETED\"}", "deletion_users_pending", "deletion_commands_published_total");
        assertThat(counter(metrics, "deletion_users_deleted_total")).isGreaterThanOrEqualTo(size);
    }

    /** Per-user outcomes written before chunks existed may still be in the log: each decides its item as before. */
    @Test
    void versionOnePerUserOutcomesStillInTheLogDecideTheirItems() {
        String platform = newPlatform();
        List<UUID> users = List.of(USER_QUERY.addMember(platform), USER_QUERY.addMember(platform),
                USER_QUERY.addMember(platform));
        UUID requestId = confirmedRequest(platform, users);
        UUID command = awaitCommands(requestId, 3).get(users.get(0));

        kafka().publish(new UserDeleted(command, requestId, platform, users.get(0), Instant.now()));
        kafka().publish(new UserDeletionRejected(command, requestId, platform, users.get(1),
                RejectionReason.MULTI_PLATFORM));
        kafka().publish(new UserAlreadyGone(command, requestId, platform, users.get(2)));

        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(List.of(completed.get("deleted").asInt(), completed.get("rejected").asInt(),
                completed.get("alreadyGone").asInt())).containsExactly(1, 1, 1);
    }

    private static DeletionOutcome outcome(UUID commandId, UUID requestId, String platform, List<UUID> deleted,
                                           List<RejectedUser> rejected, List<UUID> alreadyGone) {
        return new DeletionOutcome(commandId, requestId, platform, deleted, rejected, alreadyGone, Instant.now());
    }

    /** The command id of each user of the request, once commands naming {@code count} users are on Kafka. */
    private Map<UUID, UUID> awaitCommands(UUID requestId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka().commandIdsByUser(requestId).size() >= count);
        Map<UUID, UUID> byUser = kafka().commandIdsByUser(requestId);
        assertThat(byUser).hasSize(count);
        return byUser;
    }

    private double gauge(String name) {
        return counter(get("/actuator/prometheus").raw(), name);
    }

    private static double counter(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
