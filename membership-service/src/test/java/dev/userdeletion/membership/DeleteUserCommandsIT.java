package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.infra.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/** membership-service executing DeleteUser commands read from Kafka, answering on deletion.outcomes. */
class DeleteUserCommandsIT extends IntegrationTest {

    private final EventCodec codec = new EventCodec();

    @Autowired
    MeterRegistry meters;

    @Test
    void aSinglePlatformUserIsDeletedWithTheirAccessListEntryAndATombstone() {
        String platform = newPlatform();
        String email = newEmail();
        String userId = member(platform, email, "MENTEE");
        call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + email, null);
        String other = newEmail();
        call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + other, null);

        DeleteUser command = command(platform, userId);
        send(command, UUID.randomUUID());

        DeletionOutcome outcome = outcomeOf(command);
        assertThat(outcome).isInstanceOf(UserDeleted.class);
        assertThat(get("/api/users/" + userId).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memberships WHERE user_id = ?::uuid", Integer.class, userId))
                .isZero();
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList()).containsExactly(other);
        List<ConsumerRecord<String, byte[]>> states = userStates(userId, records -> records.stream().anyMatch(r -> r.value() == null));
        assertThat(states.getLast().value()).as("the last user-state record is a tombstone").isNull();
    }

    @Test
    void aUserOnSeveralPlatformsIsRejectedAndKept() {
        String platform = newPlatform();
        String other = newPlatform();
        String email = newEmail();
        String userId = member(platform, email, "MENTOR");
        member(other, email, "MENTEE");

        DeleteUser command = command(platform, userId);
        send(command, UUID.randomUUID());

        assertThat(outcomeOf(command)).isInstanceOfSatisfying(UserDeletionRejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.MULTI_PLATFORM));
        assertThat(get("/api/users/" + userId).body().get("memberships")).hasSize(2);
    }

    @Test
    void aUserOfAnotherPlatformIsNotAMemberAndAnUnknownUserIsAlreadyGone() {
        String platform = newPlatform();
        String other = newPlatform();
        String outsider = member(other, newEmail(), "MENTEE");

        DeleteUser notMine = command(platform, outsider);
        DeleteUser unknown = command(platform, UUID.randomUUID().toString());
        send(notMine, UUID.randomUUID());
        send(unknown, UUID.randomUUID());

        assertThat(outcomeOf(notMine)).isInstanceOfSatisfying(UserDeletionRejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.NOT_A_MEMBER));
        assertThat(outcomeOf(unknown)).isInstanceOf(UserAlreadyGone.class);
        assertThat(get("/api/users/" + outsider).status()).isEqualTo(200);
    }

    @Test
    void aRedeliveredCommandIsAnsweredOnceAndASecondRequestSeesTheUserGone() {
        String platform = newPlatform();
        String userId = member(platform, newEmail(), "MENTEE");
        DeleteUser command = command(platform, userId);
        UUID eventId = UUID.randomUUID();
        send(command, eventId);
        send(command, eventId);
        send(command, UUID.randomUUID());
        DeleteUser secondRequest = command(platform, userId);
        send(secondRequest, UUID.randomUUID());

        assertThat(outcomeOf(secondRequest)).isInstanceOf(UserAlreadyGone.class);
        // the second request's outcome is behind the duplicates on the same partition (same key)
        assertThat(outcomes(command.requestId())).hasSize(1).first().isInstanceOf(UserDeleted.class);
    }

    @Test
    void aPoisonCommandGoesToTheDeadLetterTopicAndTheNextCommandsAreExecuted() throws Exception {
        String platform = newPlatform();
        String userId = member(platform, newEmail(), "MENTEE");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.DELETION_COMMANDS, userId,
                    "{\"commandId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8));
            headers(poison, UUID.randomUUID());
            producer.send(poison).get();
        }
        DeleteUser after = command(platform, userId);
        send(after, UUID.randomUUID());

        assertThat(outcomeOf(after)).isInstanceOf(UserDeleted.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(meters.find("messaging.dead.letter.records")
                .tag("topic", Topics.DELETION_COMMANDS).counter()).isNotNull());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static DeleteUser command(String platform, String userId) {
        return new DeleteUser(UUID.randomUUID(), UUID.randomUUID(), platform, UUID.fromString(userId), "admin-1");
    }

    private void send(DeleteUser command, UUID eventId) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DELETION_COMMANDS, command.key(),
                    codec.encode(command).getBytes(StandardCharsets.UTF_8));
            headers(record, eventId);
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void headers(ProducerRecord<String, byte[]> record, UUID eventId) {
        record.headers().add("id", eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", "DeleteUser".getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", "1".getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private DeletionOutcome outcomeOf(DeleteUser command) {
        List<DeletionOutcome> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            found.addAll(outcomes(command.requestId()));
            return !found.isEmpty();
        });
        assertThat(found.getFirst().commandId()).isEqualTo(command.commandId());
        return found.getFirst();
    }

    /** Every outcome on deletion.outcomes that belongs to {@code requestId}, read from the start. */
    private List<DeletionOutcome> outcomes(UUID requestId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedInfrastructure.get().bootstrapServers());
        props.put("group.id", "membership-test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        List<DeletionOutcome> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DELETION_OUTCOMES));
            int empty = 0;
            while (empty < 3) {
                var records = consumer.poll(Duration.ofMillis(300));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    DeletionOutcome outcome = (DeletionOutcome) codec.decode(header(r, "eventType"),
                            header(r, "schemaVersion"), r.value());
                    if (outcome.requestId().equals(requestId)) {
                        found.add(outcome);
                    }
                }
            }
        }
        return found;
    }
}
