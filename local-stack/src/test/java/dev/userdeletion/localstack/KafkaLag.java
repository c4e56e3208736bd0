package dev.userdeletion.localstack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Waits until every consumer group reading the given topics has committed up to their ends. */
final class KafkaLag {

    private KafkaLag() {
    }

    static void awaitConsumed(String bootstrapServers, List<String> topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> lag(admin, topics) == 0);
        }
    }

    private static long lag(Admin admin, List<String> topics) throws Exception {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            if (group.groupId().startsWith("e2e-")) {
                continue; // the tests' own readers
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> topics.contains(e.getKey().topic()) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            if (committed.isEmpty()) {
                continue;
            }
            var ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            for (var e : committed.entrySet()) {
                lag += ends.get(e.getKey()).offset() - e.getValue().offset();
            }
        }
        return lag;
    }
}
