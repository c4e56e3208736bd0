package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The directory and the outcome listener apply a poll at a time (set-based); the result must be what applying the
 * records one by one in log order gives, and a broken record must still be dead-lettered alone.
 */
class EventBatchesIT extends IntegrationTest {

    @Test
    void severalStatesOfOneUserEndWithTheNewestATombstoneIsFinalAndRedeliveriesChangeNothing() {
        // idempotent by revision, without an inbox: a state delivered again after a newer one changes nothing
        UUID mover = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID redelivered = UUID.randomUUID();
        UUID redeliveryId = UUID.randomUUID();
        send(userState(mover, "mover-1@example.com", 1, "p-one"));
        send(userState(mover, "mover-3@example.com", 3, "p-one", "p-two"));
        send(userState(mover, "mover-2@example.com", 2, "p-one"));                // stale by the time it is read
        send(userState(deleted, "deleted@example.com", 1, "p-one"));
        sendTombstone(deleted);
        send(userState(deleted, "deleted-again@example.com", 5, "p-one"));       // after its tombstone: ignored
        send(userState(redelivered, "first@example.com", 1, "p-one"), redeliveryId);
        send(userState(redelivered, "second@example.com", 2, "p-one"));
        send(userState(redelivered, "first@example.com", 1, "p-one"), redeliveryId); // redelivered after the newer one

        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT count(*) FROM contact WHERE user_id IN (?, ?, ?)"
                + " AND (revision IS NOT NULL OR erased_at IS NOT NULL)", Integer.class, mover, deleted, redelivered) == 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(contact(mover))
                .isEqualTo(Map.of("email", "mover-3@example.com", "platforms", "p-one,p-two", "revision", 3L,
                        "erased", false)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(contact(deleted)).containsEntry("erased", true)
                .containsEntry("email", "").containsEntry("platforms", ""));
        await().atMost(WAIT).untilAsserted(() -> assertThat(contact(redelivered))
                .containsEntry("email", "second@example.com").containsEntry("revision", 2L));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = 'notification-directory'",
                Integer.class)).as("no inbox rows for user states").isZero();
    }

    @Test
    void aBrokenOutcomeIsDeadLetteredAloneAndTheRejectionsAroundItAreCollected() {
        Platform platform = newPlatform();
        UUID ann = announceUser(newEmail(), platform.id(), "elsewhere");
        UUID bob = announceUser(newEmail(), platform.id(), "elsewhere");
        awaitDirectoryKnows(ann, bob);
        UUID requestId = UUID.randomUUID();
        String brokenKey = UUID.randomUUID().toString();

        send(rejected(requestId, platform, ann));
        publish(EventType.USER_DELETION_REJECTED, brokenKey, "{\"not\": \"an outcome\"".getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID());
        send(rejected(requestId, platform, bob));
        send(completed(requestId, platform, 0, 2));

        records(Topics.deadLetterTopic(Topics.DELETION_OUTCOMES), brokenKey, r -> r.size() == 1);
        JsonNode followUp = awaitCase(platform, requestId, c -> c.get("items").size() == 2);
        assertThat(followUp.get("items").findValuesAsString("userId"))
                .containsExactlyInAnyOrder(ann.toString(), bob.toString());
    }

    private Map<String, Object> contact(UUID userId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT coalesce(email, '') AS email,"
                + " array_to_string(platforms, ',') AS platforms, revision, erased_at IS NOT NULL AS erased"
                + " FROM contact WHERE user_id = ?", userId);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = new java.util.HashMap<>(rows.getFirst());
        if (row.get("revision") == null) {
            row.remove("revision");
        }
        return row;
    }
}
