package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.DeletionOutcome.RejectedUser;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/** membership-service executing deletion commands (chunks of users) read from Kafka, answering on deletion.outcomes. */
class DeleteUserCommandsIT extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    /** One chunk, one transaction, one outcome naming every user of the chunk in exactly one list. */
    @Test
    void aChunkIsAnsweredByOneOutcomeThatDecidesEachOfItsUsers() {
        String platform = newPlatform();
        String other = newPlatform();
        String email = newEmail();
        UUID single = UUID.fromString(member(platform, email, "MENTEE"));
        call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + email, null);
        String kept = newEmail();
        call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + kept, null);
        String multiEmail = newEmail();
        UUID multi = UUID.fromString(member(platform, multiEmail, "MENTOR"));
        member(other, multiEmail, "MENTEE");
        UUID outsider = UUID.fromString(member(other, newEmail(), "MENTEE"));
        UUID unknown = UUID.randomUUID();

        DeleteUsers chunk = chunk(platform, single, multi, outsider, unknown);
        sendCommand(chunk);

        DeletionOutcome outcome = onlyOutcomeOf(chunk);
        assertThat(outcome.deleted()).containsExactly(single);
        assertThat(outcome.rejected()).containsExactlyInAnyOrder(
                new RejectedUser(multi, RejectionReason.MULTI_PLATFORM),
                new RejectedUser(outsider, RejectionReason.NOT_A_MEMBER));
        assertThat(outcome.alreadyGone()).containsExactly(unknown);

        assertThat(get("/api/users/" + single).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memberships WHERE user_id = ?", Integer.class, single))
                .isZero();
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList()).containsExactly(kept);
        List<ConsumerRecord<String, byte[]>> states = userStates(single.toString(),
                records -> records.stream().anyMatch(r -> r.value() == null));
        assertThat(states.getLast().value()).as("the last user-state record is a tombstone").isNull();
        assertThat(get("/api/users/" + multi).body().get("memberships")).hasSize(2);
        assertThat(get("/api/users/" + outsider).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM standing_rejections WHERE user_id = ? AND command_id = ?",
                Integer.class, multi, chunk.commandId())).as("the refusal stands, under the chunk's id").isOne();
    }

    /** A chunk executed twice (redelivered, or the same command sent again) answers once; overlapping requests agree. */
    @Test
    void aRedeliveredChunkIsAnsweredOnceAndAnOverlappingRequestSeesTheUsersGone() {
        String platform = newPlatform();
        UUID ann = UUID.fromString(member(platform, newEmail(), "MENTEE"));
        UUID bob = UUID.fromString(member(platform, newEmail(), "MENTEE"));
        DeleteUsers chunk = chunk(platform, ann, bob);
        UUID eventId = UUID.randomUUID();
        sendCommand(chunk, eventId);
        sendCommand(chunk, eventId);
        sendCommand(chunk);
        DeleteUsers overlapping = chunk(platform, bob);

        assertThat(onlyOutcomeOf(chunk).deleted()).containsExactlyInAnyOrder(ann, bob);
        sendCommand(overlapping);
        assertThat(onlyOutcomeOf(overlapping).alreadyGone()).containsExactly(bob);
        // the overlapping request's outcome is behind the duplicates on the same partition only if keys match; read all
        assertThat(outcomes(chunk.requestId(), found -> !found.isEmpty())).hasSize(1);
    }

    /** Commands written before chunks existed may still be in the log when this version starts: they are executed. */
    @Test
    void aVersionOnePerUserCommandStillInTheLogIsExecutedAsAChunkOfOne() {
        String platform = newPlatform();
        UUID userId = UUID.fromString(member(platform, newEmail(), "MENTEE"));
        DeleteUser legacy = new DeleteUser(UUID.randomUUID(), UUID.randomUUID(), platform, userId, "admin-1");
        sendCommand(legacy);

        DeletionOutcome outcome = outcomes(legacy.requestId(), found -> !found.isEmpty()).getFirst();
        assertThat(outcome.commandId()).isEqualTo(legacy.commandId());
        assertThat(outcome.deleted()).containsExactly(userId);
        assertThat(get("/api/users/" + userId).status()).isEqualTo(404);
    }

    @Test
    void aPoisonCommandGoesToTheDeadLetterTopicAndTheNextCommandsAreExecuted() throws Exception {
        String platform = newPlatform();
        UUID userId = UUID.fromString(member(platform, newEmail(), "MENTEE"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedInfrastructure.get().bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.DELETION_COMMANDS, userId.toString(),
                    ("{\"commandId\":\"" + UUID.randomUUID() + "\",\"requestId\":\"" + UUID.randomUUID()
                            + "\",\"platformId\":\"" + platform + "\",\"userIds\":[],\"requestedBy\":\"admin-1\"}")
                            .getBytes(StandardCharsets.UTF_8));
            poison.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            poison.headers().add("eventType", "DeleteUser".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("schemaVersion", "2".getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }
        DeleteUsers after = chunk(platform, userId);
        sendCommand(after);

        assertThat(onlyOutcomeOf(after).deleted()).containsExactly(userId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(meters.find("messaging.dead.letter.records")
                .tag("topic", Topics.DELETION_COMMANDS).counter()).isNotNull());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static DeleteUsers chunk(String platform, UUID... userIds) {
        return new DeleteUsers(UUID.randomUUID(), UUID.randomUUID(), platform, List.of(userIds), "admin-1");
    }

    private DeletionOutcome onlyOutcomeOf(DeleteUsers chunk) {
        List<DeletionOutcome> found = outcomes(chunk.requestId(), outcomes -> !outcomes.isEmpty());
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().commandId()).isEqualTo(chunk.commandId());
        return found.getFirst();
    }
}
