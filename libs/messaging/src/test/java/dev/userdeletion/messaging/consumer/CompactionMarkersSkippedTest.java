package dev.userdeletion.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.messaging.topics.CompactionMarkers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Compaction markers (erasure bound) never reach a listener's decoder, so no listener dead-letters them. */
class CompactionMarkersSkippedTest {

    private final BatchConsumer batches = new BatchConsumer(new ConsumerHealth(new SimpleMeterRegistry(), Clock.systemUTC()));

    @Test
    void aPollWithMarkersHandsTheListenerOnlyTheRealRecords() {
        List<String> applied = new ArrayList<>();
        batches.consume("test", List.of(record(0, "a", "1"), record(1, CompactionMarkers.KEY, null),
                        record(2, "b", "2")),
                r -> {
                    assertThat(r.key()).isNotEqualTo(CompactionMarkers.KEY);
                    return new String(r.value(), StandardCharsets.UTF_8);
                }, applied::addAll);
        assertThat(applied).containsExactly("1", "2");
    }

    @Test
    void aPollOfMarkersOnlyAppliesNothing() {
        List<List<String>> calls = new ArrayList<>();
        batches.consume("test", List.of(record(0, CompactionMarkers.KEY, null)),
                r -> "never", calls::add);
        assertThat(calls).isEmpty();
    }

    @Test
    void aRecordWithTheMarkersKeyButAValueIsNotAMarker() {
        List<String> applied = new ArrayList<>();
        batches.consume("test", List.of(record(0, CompactionMarkers.KEY, "x")),
                r -> new String(r.value(), StandardCharsets.UTF_8), applied::addAll);
        assertThat(applied).containsExactly("x");
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>("membership.user-state", 0, offset, key,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
