package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** The typed-count confirmation and the commands it publishes through the outbox. */
class ConfirmationIT extends IntegrationTest {

    @Test
    void aMismatchedTypedCountChangesNothing() {
        String platform = newPlatform();
        List<UUID> users = List.of(USER_QUERY.addMember(platform), USER_QUERY.addMember(platform),
                USER_QUERY.addMember(platform));
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, users);
        JsonNode reviewed = review(platform, requestId).body();

        Response mismatch = confirm(platform, requestId, 2);

        assertProblem(mismatch, 422, "count-mismatch");
        assertThat(mismatch.body().get("detail").asString()).contains("2").contains("3");
        JsonNode after = getRequest(platform, requestId).body();
        assertThat(after.get("state").asString()).isEqualTo("REVIEWED");
        assertThat(after.get("confirmedAt").isNull()).isTrue();
        assertThat(after).isEqualTo(reviewed);

        // the correct number then confirms; the mismatch had published nothing
        assertThat(confirm(platform, requestId, 3).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().commandIdsByUser(requestId).size() == 3);
        assertThat(kafka().confirmations(requestId)).hasSize(1);
    }

    /** The tests run with chunks of 3 users: 4 users are two commands, in user id order, keyed by the request. */
    @Test
    void confirmationPublishesOneCommandPerChunkOfUsersAndDeletionConfirmed() {
        String platform = newPlatform();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, users);
        review(platform, requestId);
        Map<UUID, UUID> commandIds = commandIds(requestId);

        // who confirmed is the token's sub, and it reaches every event
        Response confirmed = call(HttpMethod.POST, request(platform, requestId) + "/confirmation",
                Map.of("typedCount", 4, "reviewVersion", reviewVersion(platform, requestId)),
                bearer(SharedInfrastructure.tokens().platformAdmin("admin-7", platform)));

        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
        assertThat(confirmed.body().get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(confirmed.body().get("count").asInt()).isEqualTo(4);
        assertThat(confirmed.body().get("pending").asInt()).isEqualTo(4);
        assertThat(confirmed.body().get("confirmedAt").isNull()).isFalse();
        assertThat(confirmed.body().get("confirmedBy").asString()).isEqualTo("admin-7");

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().commands(requestId).size() >= 2
                && kafka().confirmations(requestId).size() >= 1);
        List<DeleteUsers> commands = kafka().commands(requestId);
        assertThat(commands).hasSize(2);
        assertThat(commands).extracting(c -> c.userIds().size()).containsExactly(3, 1);
        assertThat(commands).flatExtracting(DeleteUsers::userIds).containsExactlyInAnyOrderElementsOf(users)
                .isSortedAccordingTo(IntegrationTest::databaseOrder);
        for (DeleteUsers command : commands) {
            command.userIds().forEach(user -> assertThat(commandIds.get(user)).isEqualTo(command.commandId()));
            assertThat(command.platformId()).isEqualTo(platform);
            assertThat(command.requestedBy()).isEqualTo("admin-7");
        }
        DeletionConfirmed confirmation = kafka().confirmations(requestId).getFirst();
        assertThat(confirmation.count()).isEqualTo(4);
        assertThat(confirmation.platformId()).isEqualTo(platform);
        assertThat(confirmation.confirmedBy()).isEqualTo("admin-7");
        assertThat(confirmation.confirmedAt()).isEqualTo(Instant.parse(confirmed.body().get("confirmedAt").asString()));
        for (KafkaEvents.Received record : kafka().of(requestId)) {
            assertThat(record.payload()).as("ids only on the wire").doesNotContain("@");
            assertThat(record.eventId()).isNotBlank();
            assertThat(record.type()).isIn("DeleteUser", "DeletionConfirmed");
            assertThat(record.key()).as("a request's events stay in order on one partition")
                    .isEqualTo(requestId.toString());
        }
    }

    @Test
    void aRepeatedConfirmationPublishesNothingNew() {
        String platform = newPlatform();
        List<UUID> users = List.of(USER_QUERY.addMember(platform), USER_QUERY.addMember(platform));
        UUID requestId = confirmedRequest(platform, users);
        Map<UUID, UUID> commandIds = commandIds(requestId);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().commandIdsByUser(requestId).size() == 2);
        JsonNode first = getRequest(platform, requestId).body();

        Response again = confirm(platform, requestId, 2);

        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first);
        assertThat(commandIds(requestId)).isEqualTo(commandIds);
        assertProblem(confirm(platform, requestId, 3), 422, "count-mismatch");

        // complete it: DeletionCompleted comes after anything the repeated confirmation could have written
        for (DeleteUsers command : kafka().commands(requestId)) {
            kafka().publish(new DeletionOutcome(command.commandId(), requestId, platform, command.userIds(), List.of(),
                    List.of(), Instant.now()));
        }
        awaitRequest(platform, requestId, r -> r.get("state").asString().equals("COMPLETED"));
        assertThat(confirm(platform, requestId, 2).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().completions(requestId).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                kafka().commands(requestId).size() == 1 && kafka().confirmations(requestId).size() == 1
                        && kafka().completions(requestId).size() == 1);
        Set<UUID> published = new HashSet<>();
        kafka().commands(requestId).forEach(c -> published.add(c.commandId()));
        assertThat(published).isEqualTo(new HashSet<>(commandIds.values()));
    }

    @Test
    void confirmingADraftNeedsAReview() {
        String platform = newPlatform();
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, List.of(USER_QUERY.addMember(platform)));

        Response refused = confirm(platform, requestId, 1);

        assertProblem(refused, 409, "review-required");
        assertThat(refused.body().get("detail").asString()).contains("review");
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("DRAFT");
    }

    @Test
    void aRequestOfNobodyCompletesAtOnce() {
        String platform = newPlatform();
        USER_QUERY.addMember(platform, "MENTOR", null, null);
        UUID requestId = createRequest(platform);
        call(HttpMethod.PUT, request(platform, requestId) + "/selection",
                Map.of("mode", "FILTER", "filter", Map.of("roles", List.of("MENTEE"))));
        assertThat(review(platform, requestId).body().get("count").asInt()).isZero();

        Response confirmed = confirm(platform, requestId, 0);

        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
        assertThat(confirmed.body().get("state").asString()).isEqualTo("COMPLETED");
        assertThat(confirmed.body().get("completedAt").isNull()).isFalse();
        assertThat(confirmed.body().get("pending").asInt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().completions(requestId).size() == 1);
        DeletionCompleted completed = kafka().completions(requestId).getFirst();
        assertThat(completed.deleted()).isZero();
        assertThat(completed.rejected()).isZero();
        assertThat(completed.alreadyGone()).isZero();
        assertThat(kafka().confirmations(requestId)).singleElement()
                .satisfies(c -> assertThat(c.count()).isZero());
        assertThat(kafka().commands(requestId)).isEmpty();
    }

    @Test
    void aConfirmedRequestCanNoLongerChange() {
        String platform = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        UUID requestId = confirmedRequest(platform, List.of(user));

        assertProblem(call(HttpMethod.DELETE, request(platform, requestId), null), 409, "request-not-cancellable");
        assertProblem(selectUsers(platform, requestId, List.of(user)), 409, "request-not-editable");
        assertProblem(patch(platform, requestId, List.of(), List.of(user)), 409, "request-not-editable");
        assertProblem(review(platform, requestId), 409, "request-not-editable");
        JsonNode request = getRequest(platform, requestId).body();
        assertThat(request.get("state").asString()).isEqualTo("CONFIRMED");
        assertThat(request.get("count").asInt()).isEqualTo(1);
        assertThat(items(platform, requestId, 0, 10).body().get("items")).hasSize(1);
    }
}
