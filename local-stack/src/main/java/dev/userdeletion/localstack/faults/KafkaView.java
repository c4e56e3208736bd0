package dev.userdeletion.localstack.faults;

import dev.userdeletion.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the broker knows: dead-letter topics, consumer groups and their lag, the outcome events of a request. */
final class KafkaView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String bootstrapServers;

    KafkaView(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** The end offset of every partition of every dead-letter topic. */
    Map<TopicPartition, Long> deadLetterEnds() {
        try (Admin admin = admin()) {
            List<String> topics = admin.listTopics().names().get().stream().filter(Topics::isDeadLetterTopic).toList();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the dead-letter topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records in dead-letter topics since {@code before}: (topic → count). */
    Map<String, Long> deadLettersSince(Map<TopicPartition, Long> before) {
        Map<String, Long> added = new HashMap<>();
        deadLetterEnds().forEach((tp, end) -> {
            long n = end - before.getOrDefault(tp, 0L);
            if (n > 0) {
                added.merge(tp.topic(), n, Long::sum);
            }
        });
        return added;
    }

    /** Records not yet committed by the services' consumer groups (the harness's own readers have none). */
    long consumerLag() {
        try (Admin admin = admin()) {
            long lag = 0;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .filter(e -> e.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                if (committed.isEmpty()) {
                    continue;
                }
                var ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                for (var e : committed.entrySet()) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the consumer groups", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The members of a consumer group and the partitions each holds (member id → partitions). */
    Map<String, Set<TopicPartition>> members(String group) {
        try (Admin admin = admin()) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return d.members().stream().collect(Collectors.toMap(MemberDescription::consumerId,
                    m -> Set.copyOf(m.assignment().topicPartitions())));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not describe consumer group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The outcome events on {@code deletion.outcomes} for one request: command id → the distinct event ids answering
     * it, and how many records carried them (a relay may deliver one event twice; consumers drop the copy by id).
     */
    record Outcomes(Map<UUID, Set<UUID>> eventsByCommand, long records) {
    }

    Outcomes outcomesOf(UUID requestId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<UUID, Set<UUID>> events = new HashMap<>();
        long records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DELETION_OUTCOMES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            Set<TopicPartition> done = new HashSet<>();
            while (done.size() < partitions.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read deletion.outcomes to its end within 2 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(r.value());
                    if (!requestId.toString().equals(event.path("requestId").asString(null))) {
                        continue;
                    }
                    records++;
                    var id = r.headers().lastHeader("id");
                    events.computeIfAbsent(UUID.fromString(event.get("commandId").asString()), c -> new HashSet<>())
                            .add(UUID.fromString(new String(id.value(), StandardCharsets.UTF_8)));
                }
                for (TopicPartition tp : partitions) {
                    if (consumer.position(tp) >= ends.get(tp)) {
                        done.add(tp);
                    }
                }
            }
        }
        return new Outcomes(events, records);
    }
}
