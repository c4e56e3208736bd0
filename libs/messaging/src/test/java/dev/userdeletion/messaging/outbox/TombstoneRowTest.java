package dev.userdeletion.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userdeletion.contracts.EventType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TombstoneRowTest {

    @Test
    void aRowExpandsIntoItsKeysInOrderWithTheRealTypeAndVersion() {
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "c");
        TombstoneRow.Expanded expanded = TombstoneRow.expand(UUID.randomUUID(),
                TombstoneRow.payload(EventType.USER_STATE, keys));
        assertThat(expanded.eventType()).isEqualTo("UserState");
        assertThat(expanded.schemaVersion()).isEqualTo(1);
        assertThat(expanded.tombstones()).extracting(TombstoneRow.Tombstone::key).containsExactlyElementsOf(keys);
        assertThat(expanded.tombstones()).extracting(TombstoneRow.Tombstone::eventId).doesNotHaveDuplicates();
    }

    @Test
    void aRowRelayedTwiceRepeatsTheSameEventIdsAndAnotherRowHasItsOwn() {
        String payload = TombstoneRow.payload(EventType.USER_STATE, List.of("a", "b"));
        UUID row = UUID.randomUUID();
        assertThat(TombstoneRow.expand(row, payload)).isEqualTo(TombstoneRow.expand(row, payload));
        assertThat(TombstoneRow.expand(UUID.randomUUID(), payload).tombstones())
                .extracting(TombstoneRow.Tombstone::eventId)
                .doesNotContainAnyElementsOf(TombstoneRow.expand(row, payload).tombstones().stream()
                        .map(TombstoneRow.Tombstone::eventId).toList());
    }

    @Test
    void aKeyThatWouldBreakTheFormatIsRefused() {
        assertThatThrownBy(() -> TombstoneRow.payload(EventType.USER_STATE, List.of("a", "b\nc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TombstoneRow.payload(EventType.USER_STATE, List.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TombstoneRow.expand(UUID.randomUUID(), "UserState 1"))
                .isInstanceOf(IllegalStateException.class);
    }
}
