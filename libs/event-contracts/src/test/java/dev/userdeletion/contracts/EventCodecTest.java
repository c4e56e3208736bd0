package dev.userdeletion.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void userStateSurvivesTheWire() {
        var state = new UserState(UUID.randomUUID(), "ann@example.com", Instant.parse("2026-01-02T03:04:05Z"),
                List.of(new UserState.Membership("acme", Role.MENTOR, Instant.parse("2025-01-01T00:00:00Z"))), 3, "csm-7");
        byte[] json = codec.encode(state).getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode("UserState", "1", json)).isEqualTo(state);
    }

    /** One contract for every consumer of the topic: the record refuses what any of them would refuse. */
    @Test
    void aUserStateKeepsTheProductsRulesForAddressesRevisionsAndCallers() {
        String ok = codec.encode(new UserState(UUID.randomUUID(), "ann@example.com", null,
                List.of(new UserState.Membership("acme", Role.MENTOR, Instant.parse("2025-01-01T00:00:00Z"))), 3,
                "csm-7"));
        for (String broken : List.of(ok.replace("ann@example.com", "Ann@Example.com"),
                ok.replace("ann@example.com", "not-an-address"), ok.replace("ann@example.com", "a\\r\\n@example.com"),
                ok.replace("ann@example.com", "a".repeat(65) + "@example.com"), ok.replace("\"revision\":3", "\"revision\":-1"),
                ok.replace("\"csm-7\"", "\"" + "x".repeat(101) + "\""))) {
            assertThatThrownBy(() -> codec.decode("UserState", "1", broken.getBytes(StandardCharsets.UTF_8)))
                    .as(broken).isInstanceOf(InvalidEventException.class).hasMessageNotContaining("@");
        }
    }

    @Test
    void theFoldKeepsATombstoneAndOtherwiseTheHigherRevision() {
        record V(boolean isTombstone, long revision) implements UserStateFold.Version {
        }
        V two = new V(false, 2);
        V five = new V(false, 5);
        V gone = new V(true, 0);
        assertThat(UserStateFold.standing(two, five)).isSameAs(five);
        assertThat(UserStateFold.standing(five, two)).isSameAs(five);
        assertThat(UserStateFold.standing(gone, five)).isSameAs(gone);
        assertThat(UserStateFold.standing(five, gone)).isSameAs(gone);
        V otherTwo = new V(false, 2);
        assertThat(UserStateFold.standing(two, otherTwo)).isSameAs(two);
    }

    @Test
    void outcomeEventsCarryNoEmail() {
        var completed = new DeletionCompleted(UUID.randomUUID(), "acme", 3, 2, 0,
                Map.of(RejectionReason.MULTI_PLATFORM, 2), Instant.now());
        assertThat(codec.encode(completed)).doesNotContain("@").contains("\"MULTI_PLATFORM\":2");
    }

    @Test
    void refusesUnknownTypeVersionFieldsAndMissingFields() {
        byte[] ok = codec.encode(new UserAlreadyGone(UUID.randomUUID(), UUID.randomUUID(), "acme", UUID.randomUUID()))
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode("NoSuchEvent", "1", ok)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> codec.decode("UserAlreadyGone", "2", ok)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> codec.decode("UserAlreadyGone", "1", "{\"commandId\":null}".getBytes()))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> codec.decode("UserAlreadyGone", "1", "not json".getBytes()))
                .isInstanceOf(InvalidEventException.class);
        String extra = new String(ok, StandardCharsets.UTF_8).replace("{", "{\"surprise\":1,");
        assertThatThrownBy(() -> codec.decode("UserAlreadyGone", "1", extra.getBytes()))
                .isInstanceOf(InvalidEventException.class);
        String badPlatform = new String(ok, StandardCharsets.UTF_8).replace("\"acme\"", "\"ACME!\"");
        assertThatThrownBy(() -> codec.decode("UserAlreadyGone", "1", badPlatform.getBytes()))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aChunkAndItsOutcomeSurviveTheWireKeyedByTheirRequest() {
        UUID request = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID cid = UUID.randomUUID();
        var chunk = new DeleteUsers(UUID.randomUUID(), request, "acme", List.of(ann, bob, cid), "admin-1");
        var outcome = new DeletionOutcome(chunk.commandId(), request, "acme", List.of(ann),
                List.of(new DeletionOutcome.RejectedUser(bob, RejectionReason.MULTI_PLATFORM)), List.of(cid),
                Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(codec.decode("DeleteUser", "2", codec.encode(chunk).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(chunk);
        assertThat(codec.decode("DeletionOutcome", "1", codec.encode(outcome).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(outcome);
        assertThat(chunk.key()).isEqualTo(request.toString());
        assertThat(outcome.key()).isEqualTo(request.toString());
        assertThat(outcome.decisions()).extracting(DeletionOutcome.UserDecision::userId).containsExactly(ann, bob, cid);
        assertThat(codec.encode(outcome)).doesNotContain("@");
    }

    /** Records of version 1 may still be in the log when version 2 is deployed: they are read and mean the same. */
    @Test
    void perUserRecordsOfVersionOneAreStillReadAsChunksOfOne() {
        var command = new DeleteUser(UUID.randomUUID(), UUID.randomUUID(), "acme", UUID.randomUUID(), "admin-1");
        Event read = codec.decode("DeleteUser", "1", codec.encode(command).getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(command);
        assertThat(DeleteUsers.of(command).userIds()).containsExactly(command.userId());
        assertThat(DeleteUsers.of(command).commandId()).isEqualTo(command.commandId());

        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        var rejected = new UserDeletionRejected(command.commandId(), command.requestId(), "acme", command.userId(),
                RejectionReason.NOT_A_MEMBER);
        Event readOutcome = codec.decode("UserDeletionRejected", "1",
                codec.encode(rejected).getBytes(StandardCharsets.UTF_8));
        assertThat(DeletionOutcome.of((UserOutcome) readOutcome, at).decisions()).containsExactly(
                new DeletionOutcome.UserDecision(command.userId(), DeletionOutcome.Kind.REJECTED,
                        RejectionReason.NOT_A_MEMBER));
        assertThat(EventType.DELETE_USER.superseded()).isTrue();
        assertThat(EventType.DELETE_USERS.superseded()).isFalse();
    }

    @Test
    void aChunkNamesOneToFiveThousandDistinctUsersAndAnOutcomeEachOfThemOnce() {
        UUID request = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        String ok = codec.encode(new DeleteUsers(UUID.randomUUID(), request, "acme", List.of(ann), "admin-1"));
        List<String> brokenChunks = List.of(ok.replace("[\"" + ann + "\"]", "[]"),
                ok.replace("[\"" + ann + "\"]", "[\"" + ann + "\",\"" + ann + "\"]"),
                ok.replace("[\"" + ann + "\"]", "[null]"),
                ok.replace("[\"" + ann + "\"]", "[" + String.join(",", java.util.stream.IntStream.range(0, 5_001)
                        .mapToObj(i -> "\"" + UUID.randomUUID() + "\"").toList()) + "]"));
        for (String broken : brokenChunks) {
            assertThatThrownBy(() -> codec.decode("DeleteUser", "2", broken.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidEventException.class);
        }
        assertThatThrownBy(() -> new DeletionOutcome(UUID.randomUUID(), request, "acme", List.of(ann),
                List.of(new DeletionOutcome.RejectedUser(ann, RejectionReason.NOT_A_MEMBER)), List.of(), Instant.now()))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("more than once");
        assertThatThrownBy(() -> new DeletionOutcome(UUID.randomUUID(), request, "acme", List.of(), List.of(),
                List.of(), Instant.now())).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> codec.decode("DeleteUser", "3", ok.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("Unsupported version");
        for (String malformed : new String[] {null, "", "02", "2 ", "+2", "-2", "2a", "1000", "\u0662"}) {
            assertThatThrownBy(() -> codec.decode("DeleteUser", malformed, ok.getBytes(StandardCharsets.UTF_8)))
                    .as("version %s", malformed).isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("Unsupported version");
        }
        assertThat(codec.decode("DeleteUser", "2", ok.getBytes(StandardCharsets.UTF_8))).isInstanceOf(DeleteUsers.class);
    }

    @Test
    void everyEventHasASchemaListingExactlyItsFields() throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        for (EventType type : EventType.values()) {
            try (var in = EventType.class.getResourceAsStream(type.schemaResource())) {
                assertThat(in).as(type.schemaResource()).isNotNull();
                JsonNode schema = mapper.readTree(in);
                var fields = java.util.Arrays.stream(type.javaType().getRecordComponents()).map(c -> c.getName()).toList();
                assertThat(schema.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(fields);
                assertThat(type.topic()).isIn(Topics.ALL);
            }
        }
    }
}
