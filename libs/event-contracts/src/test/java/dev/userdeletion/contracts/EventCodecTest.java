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
