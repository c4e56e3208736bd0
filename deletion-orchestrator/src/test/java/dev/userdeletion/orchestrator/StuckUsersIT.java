package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Deletion work that gets stuck (issue 18 B): a dead-lettered command shows its user FAILED at once and the request
 * stalled; the replayed command's outcome completes it with exact counts. A database that refuses writes, or
 * connections, for a while delays outcomes but dead-letters none.
 */
class StuckUsersIT extends IntegrationTest {

    private final String platform = newPlatform();

    @Autowired
    DataSource dataSource;

    private List<UUID> members(int count) {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        return users;
    }

    @Test
    void aDeadLetteredCommandShowsItsUsersFailedAtOnceAndItsReplayCompletesTheRequest() {
        UUID requestId = confirmedInTwoChunks();
        DeleteUsers stuck = kafka().commands(requestId).getFirst();
        // what membership-service's error handler leaves in deletion.commands-dlt for a command it cannot execute
        kafka().publishTo(Topics.deadLetterTopic(Topics.DELETION_COMMANDS), stuck, Map.of(
                "kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException",
                "kafka_dlt-exception-cause-fqcn", "org.springframework.dao.DataIntegrityViolationException"));
        DeleteUsers other = kafka().commands(requestId).get(1);
        kafka().publish(deleted(other));

        JsonNode stalled = awaitRequest(platform, requestId, r -> r.get("failed").asInt() == 3
                && r.get("deleted").asInt() == 1);
        assertThat(stalled.get("stalled").asBoolean()).as("stalled at once, not after stall-after").isTrue();
        assertThat(stalled.get("pending").asInt()).isEqualTo(3);
        assertThat(stalled.get("state").asString()).isEqualTo("CONFIRMED");
        JsonNode failed = items(platform, requestId, "outcome=FAILED").body().get("items");
        assertThat(failed).extracting(i -> UUID.fromString(i.get("userId").asString()))
                .containsExactlyInAnyOrderElementsOf(stuck.userIds());
        assertThat(failed).extracting(i -> i.get("reason").asString())
                .containsOnly("deletion.commands: DataIntegrityViolationException");

        // the operator fixed the cause and replayed the command; membership-service answered
        kafka().publish(deleted(stuck));
        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(completed.get("deleted").asInt()).isEqualTo(4);
        assertThat(completed.get("failed").asInt()).isZero();
        assertThat(completed.get("pending").asInt()).isZero();
        assertThat(completed.get("stalled").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().completions(requestId).size() == 1);
    }

    /**
     * The usual way into a dead-letter topic: an outcome that breaks its contract (here a schema version this
     * service does not know, as from a membership-service upgraded first). It cannot name its users readably, but
     * its JSON names its chunk: the chunk's users show FAILED at once.
     */
    @Test
    void anOutcomeThatBreaksItsContractShowsItsChunkFailedAtOnce() {
        UUID requestId = confirmedInTwoChunks();
        DeleteUsers chunk = kafka().commands(requestId).getFirst();
        DeletionOutcome outcome = deleted(chunk);

        kafka().send(outcome.key(), kafka().encoded(outcome), Map.of("id", UUID.randomUUID().toString(),
                "eventType", "DeletionOutcome", "schemaVersion", "9"));

        JsonNode failing = awaitRequest(platform, requestId, r -> r.get("failed").asInt() == 3);
        assertThat(failing.get("deleted").asInt()).isZero();
        assertThat(failing.get("stalled").asBoolean()).isTrue();
        JsonNode failed = items(platform, requestId, "outcome=FAILED").body().get("items");
        assertThat(failed).extracting(i -> UUID.fromString(i.get("userId").asString()))
                .containsExactlyInAnyOrderElementsOf(chunk.userIds());
        assertThat(failed).extracting(i -> i.get("reason").asString())
                .containsOnly("deletion.outcomes: breaks its contract");
        // the outcome, fixed and replayed by an operator, decides them
        kafka().publish(outcome);
        JsonNode decided = awaitRequest(platform, requestId, r -> r.get("deleted").asInt() == 3);
        assertThat(decided.get("failed").asInt()).isZero();
    }

    @Test
    void theItemsOfARequestCanBeListedByOutcome() {
        UUID requestId = confirmedInTwoChunks();
        DeleteUsers chunk = kafka().commands(requestId).getFirst();
        UUID deletedUser = chunk.userIds().get(0);
        UUID rejectedUser = chunk.userIds().get(1);
        // an outcome that decides part of its chunk: the rest of the chunk stays pending
        kafka().publish(new DeletionOutcome(chunk.commandId(), requestId, platform, List.of(deletedUser),
                List.of(new DeletionOutcome.RejectedUser(rejectedUser, RejectionReason.MULTI_PLATFORM)), List.of(),
                Instant.now()));
        awaitRequest(platform, requestId, r -> r.get("deleted").asInt() == 1 && r.get("rejected").asInt() == 1);

        JsonNode rejected = items(platform, requestId, "outcome=REJECTED").body();
        assertThat(rejected.get("totalElements").asInt()).isEqualTo(1);
        assertThat(rejected.get("items").get(0).get("userId").asString()).isEqualTo(rejectedUser.toString());
        assertThat(rejected.get("items").get(0).get("reason").asString()).isEqualTo("MULTI_PLATFORM");
        assertThat(rejected.get("items").get(0).get("email").asString()).isEqualTo(USER_QUERY.email(rejectedUser));
        JsonNode open = items(platform, requestId, "outcome=PENDING&outcome=DELETED").body();
        assertThat(open.get("totalElements").asInt()).isEqualTo(3);
        assertThat(open.get("items")).extracting(i -> i.get("outcome").asString())
                .containsOnly("PENDING", "DELETED");
        assertProblem(items(platform, requestId, "outcome=GONE"), 400, "invalid-request");
    }

    @Test
    void aDatabaseThatRefusesWritesForAWhileDelaysOutcomesButDeadLettersNone() throws Exception {
        outcomesSurvive(infra -> infra.readOnly(DATABASE));
    }

    @Test
    void aDatabaseThatRefusesConnectionsForAWhileDelaysOutcomesButDeadLettersNone() throws Exception {
        outcomesSurvive(infra -> infra.refuseConnections(DATABASE));
    }

    private void outcomesSurvive(java.util.function.Function<LocalInfrastructure, LocalInfrastructure.Fault> fault)
            throws Exception {
        List<UUID> users = members(30);
        UUID requestId = confirmedRequest(platform, users);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().commands(requestId).size() == 10);
        List<DeleteUsers> commands = kafka().commands(requestId);
        int deadBefore = kafka().deadLetters().size();
        List<RecordMetadata> sent;
        try (LocalInfrastructure.Fault trouble = fault.apply(SharedInfrastructure.get())) {
            List<DeletionOutcome> outcomes = commands.stream().map(this::deleted).toList();
            sent = kafka().publishAll(outcomes);
            // far longer than attempts x retry-interval (2 x 100 ms here): these would have gone to the DLT
            Thread.sleep(6_000);
        } finally {
            // the test's own pooled connections were ended with the fault too
            dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        }
        JsonNode completed = awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(completed.get("deleted").asInt()).isEqualTo(30);
        assertThat(completed.get("failed").asInt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().consumed(GROUP, sent));
        assertThat(kafka().deadLetters()).hasSize(deadBefore);
        // the relay was cut off too: DeletionCompleted goes out once it has reconnected
        await().atMost(Duration.ofSeconds(90)).until(() -> kafka().completions(requestId).size() == 1);
    }

    private Response items(String platformId, UUID requestId, String query) {
        return get(request(platformId, requestId) + "/items?size=50&" + query);
    }

    /** membership-service's answer deleting every user of the chunk. */
    /** A confirmed request of 4 users, once its two commands are out (chunks of 3 in the tests: 3 users, then 1). */
    private UUID confirmedInTwoChunks() {
        UUID requestId = confirmedRequest(platform, members(4));
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().commands(requestId).size() == 2);
        return requestId;
    }

    private DeletionOutcome deleted(DeleteUsers chunk) {
        return new DeletionOutcome(chunk.commandId(), chunk.requestId(), chunk.platformId(), chunk.userIds(), List.of(),
                List.of(), Instant.now());
    }
}
