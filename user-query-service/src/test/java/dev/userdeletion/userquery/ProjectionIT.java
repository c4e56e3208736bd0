package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** membership.user-state → read model: replacement of a user's rows, revisions, tombstones, redeliveries, poison. */
class ProjectionIT extends IntegrationTest {

    private static final Instant LOGIN = Instant.parse("2026-02-15T08:30:00Z");

    @Test
    void aUserOnTwoPlatformsIsListedOnBothWithPlatformCountTwoAndThePlatformsRole() {
        String a = newPlatform();
        String b = newPlatform();
        UUID user = UUID.randomUUID();
        publish(state(user, "shared@example.com", LOGIN, 2, member(a, MENTOR), member(b, MENTEE)));
        awaitCount(a, 1);
        awaitCount(b, 1);

        JsonNode onA = ok("/api/platforms/" + a + "/users").get("items").get(0);
        assertThat(onA.get("userId").asString()).isEqualTo(user.toString());
        assertThat(onA.get("email").asString()).isEqualTo("shared@example.com");
        assertThat(onA.get("role").asString()).isEqualTo("MENTOR");
        assertThat(onA.get("lastLoginAt").asString()).isEqualTo("2026-02-15T08:30:00Z");
        assertThat(onA.get("platformCount").asInt()).isEqualTo(2);
        JsonNode onB = ok("/api/platforms/" + b + "/users").get("items").get(0);
        assertThat(onB.get("role").asString()).isEqualTo("MENTEE");
        assertThat(onB.get("platformCount").asInt()).isEqualTo(2);
    }

    @Test
    void aNewerStateReplacesTheUsersRows() {
        String a = newPlatform();
        String b = newPlatform();
        String c = newPlatform();
        UUID user = UUID.randomUUID();
        publish(state(user, "mover@example.com", null, 1, member(a, MENTOR), member(b, MENTEE)));
        awaitCount(a, 1);
        awaitCount(b, 1);

        // left a, stays on b as a mentor now, joined c, logged in, changed email
        publish(state(user, "mover.new@example.com", LOGIN, 2, member(b, MENTOR), member(c, MENTEE)));
        awaitCount(c, 1);
        awaitCount(a, 0);
        JsonNode onB = ok("/api/platforms/" + b + "/users").get("items").get(0);
        assertThat(onB.get("email").asString()).isEqualTo("mover.new@example.com");
        assertThat(onB.get("role").asString()).isEqualTo("MENTOR");
        assertThat(onB.get("lastLoginAt").asString()).isEqualTo("2026-02-15T08:30:00Z");
        assertThat(onB.get("platformCount").asInt()).isEqualTo(2);

        // left everything but b
        publish(state(user, "mover.new@example.com", LOGIN, 3, member(b, MENTOR)));
        awaitCount(c, 0);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ok("/api/platforms/" + b + "/users")
                .get("items").get(0).get("platformCount").asInt()).isEqualTo(1));
    }

    @Test
    void aTombstoneRemovesTheUserFromEveryPlatformForGood() {
        String a = newPlatform();
        String b = newPlatform();
        UUID user = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        publish(state(user, "gone@example.com", LOGIN, 4, member(a, MENTOR), member(b, MENTEE)));
        publish(state(neighbour, "stays@example.com", LOGIN, 1, member(a, MENTEE)));
        awaitCount(a, 2);
        awaitCount(b, 1);

        publishTombstone(user);
        awaitCount(a, 1);
        awaitCount(b, 0);
        assertThat(emails(ok("/api/platforms/" + a + "/users"))).containsExactly("stays@example.com");

        // a late copy of an older (or even newer-numbered) state does not bring a deleted user back
        UUID late = publish(state(user, "gone@example.com", LOGIN, 5, member(a, MENTOR)));
        awaitProcessed(late);
        assertThat(ok("/api/platforms/" + a + "/users/count").get("count").asInt()).isEqualTo(1);
        assertThat(ok("/api/platforms/" + a + "/user-ids").valueStream().map(JsonNode::asString).toList())
                .containsExactly(neighbour.toString());
    }

    @Test
    void aStaleRevisionIsIgnored() {
        String a = newPlatform();
        UUID user = UUID.randomUUID();
        publish(state(user, "current@example.com", LOGIN, 5, member(a, MENTOR)));
        awaitCount(a, 1);

        UUID older = publish(state(user, "older@example.com", null, 3, member(a, MENTEE)));
        UUID same = publish(state(user, "same-revision@example.com", null, 5, member(a, MENTEE)));
        awaitProcessed(older);
        awaitProcessed(same);

        JsonNode item = ok("/api/platforms/" + a + "/users").get("items").get(0);
        assertThat(item.get("email").asString()).isEqualTo("current@example.com");
        assertThat(item.get("role").asString()).isEqualTo("MENTOR");
        assertThat(item.get("lastLoginAt").asString()).isEqualTo("2026-02-15T08:30:00Z");
    }

    /**
     * Idempotent by revision, without an inbox: a record delivered again (the same event, or the same state under
     * another id, as a relay replay gives) after a newer one changes nothing, and a tombstone delivered again is harmless.
     */
    @Test
    void aRedeliveredOrReplayedStateChangesNothing() {
        String a = newPlatform();
        UUID user = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        UserState first = state(user, "first@example.com", null, 1, member(a, MENTOR));
        publish(eventId, first);
        publish(state(user, "second@example.com", LOGIN, 2, member(a, MENTEE)));
        awaitCount(a, 1);
        publish(eventId, first);
        UUID replay = publish(first);
        awaitProcessed(replay);

        JsonNode item = ok("/api/platforms/" + a + "/users").get("items").get(0);
        assertThat(item.get("email").asString()).isEqualTo("second@example.com");
        assertThat(item.get("role").asString()).isEqualTo("MENTEE");
        assertThat(jdbc.queryForObject("SELECT revision FROM user_revision WHERE user_id = ?", Long.class, user))
                .isEqualTo(2L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox", Integer.class)).as("no inbox rows").isZero();

        UUID gone = publishTombstone(user);
        awaitCount(a, 0);
        publishTombstone(user);
        UUID again = publishTombstone(user);
        awaitProcessed(again);
        awaitProcessed(gone);
        assertThat(ok("/api/platforms/" + a + "/users/count").get("count").asInt()).isZero();
    }

    @Test
    void manyRevisionsOfOneUserArrivingTogetherEndWithTheNewest() throws Exception {
        String a = newPlatform();
        String b = newPlatform();
        UUID user = UUID.randomUUID();
        List<Integer> revisions = new ArrayList<>();
        for (int r = 1; r <= 60; r++) {
            revisions.add(r);
        }
        Collections.shuffle(revisions);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int r : revisions) {
            UserState s = state(user, "rev" + r + "@example.com", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(r), r,
                    r % 2 == 0 ? new UserState.Membership[] {member(a, MENTOR), member(b, MENTOR)}
                            : new UserState.Membership[] {member(a, MENTEE)});
            acks.add(sendAsync(user.toString(), encode(s), UUID.randomUUID().toString(), "UserState", "1"));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode items = ok("/api/platforms/" + a + "/users").get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("email").asString()).isEqualTo("rev60@example.com");
        });
        JsonNode item = ok("/api/platforms/" + a + "/users").get("items").get(0);
        assertThat(item.get("role").asString()).isEqualTo("MENTOR");
        assertThat(item.get("platformCount").asInt()).isEqualTo(2);
        assertThat(item.get("lastLoginAt").asString()).isEqualTo("2026-01-01T00:01:00Z");
        awaitCount(b, 1);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        String a = newPlatform();
        String garbageKey = UUID.randomUUID().toString();
        send(garbageKey, "{not json".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString(), "UserState", "1");
        // valid JSON, but filed under another user's key
        UUID owner = UUID.randomUUID();
        String wrongKey = UUID.randomUUID().toString();
        send(wrongKey, encode(state(owner, "misfiled@example.com", null, 1, member(a, MENTOR))),
                UUID.randomUUID().toString(), "UserState", "1");
        // no event id
        String noIdKey = UUID.randomUUID().toString();
        send(noIdKey, encode(state(UUID.fromString(noIdKey), "noid@example.com", null, 1, member(a, MENTOR))),
                null, "UserState", "1");

        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.deadLetterTopic(Topics.USER_STATE), garbageKey);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        // the batch listener pins the record; the dead-letter headers still name the contract breach as the cause
        assertThat(header(dead, "kafka_dlt-exception-stacktrace")).contains("InvalidEventException");
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).contains("InvalidEventException");
        assertThat(awaitRecord(Topics.deadLetterTopic(Topics.USER_STATE), wrongKey)).isNotNull();
        assertThat(awaitRecord(Topics.deadLetterTopic(Topics.USER_STATE), noIdKey)).isNotNull();

        // nothing of them reached the read model, and later records are still applied
        UUID after = UUID.randomUUID();
        publish(state(after, "after-poison@example.com", null, 1, member(a, MENTEE)));
        awaitCount(a, 1);
        assertThat(emails(ok("/api/platforms/" + a + "/users"))).containsExactly("after-poison@example.com");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("/actuator/prometheus").raw())
                .contains("messaging_dead_letter_records_total{topic=\"membership.user-state\"}"));
    }

    /**
     * The contract is checked by the {@code UserState} record itself, so every consumer of the topic applies the same
     * rules: what one dead-letters, the other does too (notification-service's {@code HostileEmailsIT} sends the
     * same kinds of states).
     */
    @Test
    void statesThatBreakTheContractAreDeadLetteredAndAStateWithoutChangedByIsApplied() {
        String a = newPlatform();
        String membership = "[{\"platformId\":\"" + a + "\",\"role\":\"MENTOR\",\"joinedAt\":\"2025-01-01T00:00:00Z\"}]";
        List<String> invalid = List.of(
                // CR/LF must never reach a list, a CSV or a mail header from here
                "ann@example.com\r\nBcc: all@evil.example", "nul\u0000@example.com",
                "a".repeat(243) + "@example.com", "not-an-address", "Upper.Case@Example.com",
                "a".repeat(65) + "@example.com");
        List<UUID> refused = new ArrayList<>();
        for (String email : invalid) {
            UUID user = UUID.randomUUID();
            refused.add(user);
            publishRaw(user, "{\"userId\":\"" + user + "\",\"email\":" + CODEC_JSON.writeValueAsString(email)
                    + ",\"lastLoginAt\":null,\"memberships\":" + membership + ",\"revision\":1,\"changedBy\":null}");
        }
        UUID negative = UUID.randomUUID();
        refused.add(negative);
        publishRaw(negative, "{\"userId\":\"" + negative + "\",\"email\":\"negative@example.com\",\"lastLoginAt\":null,"
                + "\"memberships\":" + membership + ",\"revision\":-1,\"changedBy\":null}");
        UUID audit = UUID.randomUUID();
        refused.add(audit);
        publishRaw(audit, "{\"userId\":\"" + audit + "\",\"email\":\"audit@example.com\",\"lastLoginAt\":null,"
                + "\"memberships\":" + membership + ",\"revision\":1,\"changedBy\":\"" + "x".repeat(101) + "\"}");
        for (UUID user : refused) {
            assertThat(awaitRecord(Topics.deadLetterTopic(Topics.USER_STATE), user.toString())).isNotNull();
        }

        UUID legacy = UUID.randomUUID();
        publish(new UserState(legacy, "legacy@example.com", null, List.of(member(a, MENTEE)), 1, null));
        UUID longest = UUID.randomUUID();
        String longestAddress = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57)
                + ".com";
        assertThat(longestAddress).hasSize(254);
        publish(new UserState(longest, longestAddress, null, List.of(member(a, MENTOR)), 1, "x".repeat(100)));
        awaitCount(a, 2);
        assertThat(strings(ok("/api/platforms/" + a + "/user-ids")))
                .containsExactlyInAnyOrder(legacy.toString(), longest.toString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_revision WHERE user_id = ANY(?)", Integer.class,
                (Object) refused.toArray(UUID[]::new))).isZero();
    }

    private static final JsonMapper CODEC_JSON = JsonMapper.builder().build();

    private static void publishRaw(UUID userId, String json) {
        send(userId.toString(), json.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString(),
                "UserState", "1");
    }

    @Test
    void projectionOutcomesAreCounted() {
        String a = newPlatform();
        UUID user = UUID.randomUUID();
        publish(state(user, "metrics@example.com", null, 1, member(a, MENTOR)));
        awaitCount(a, 1);
        String metrics = get("/actuator/prometheus").raw();
        for (String outcome : List.of("applied", "deleted", "stale")) {
            assertThat(metrics).contains("user_query_projection_events_total{outcome=\"" + outcome + "\"}");
        }
    }
}
