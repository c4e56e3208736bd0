package dev.userdeletion.orchestrator;

import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.testsupport.ServiceState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The tests' view of Kafka: a background reader that keeps every record of the orchestrator's output topics (and
 * the outcomes' dead-letter topic) from the beginning, and a producer that plays membership-service by publishing
 * outcome events with the relay's envelope (headers id, eventType, schemaVersion).
 */
final class KafkaEvents implements AutoCloseable {

    /** A record as read, with its payload as text and its event decoded (null for an undecodable one). */
    record Received(String topic, int partition, long offset, String key, String eventId, String type, String payload,
                    Event event) {
    }

    /** The topics the orchestrator writes to: its events and the outcomes' dead letters. */
    static final List<String> READ = List.of(Topics.DELETION_COMMANDS, Topics.DELETION_REQUESTS,
            Topics.deadLetterTopic(Topics.DELETION_OUTCOMES));

    private final String bootstrapServers;
    private final EventCodec codec = new EventCodec();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** Per partition the offset after the last record read. */
    private final Map<TopicPartition, Long> readUpTo = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final Thread reader;
    private volatile boolean running = true;

    KafkaEvents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", bootstrapServers);
        producerProps.put("linger.ms", "5");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin = Admin.create(adminProps);
        reader = new Thread(this::read, "test-kafka-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", "5000");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : READ) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    received.add(toReceived(r));
                    readUpTo.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
                }
            }
        }
    }

    private Received toReceived(ConsumerRecord<String, byte[]> r) {
        String type = header(r, "eventType");
        String payload = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        Event event = null;
        try {
            event = codec.decode(type, header(r, "schemaVersion"), r.value());
        } catch (RuntimeException e) {
            // dead letters hold undecodable records on purpose
        }
        return new Received(r.topic(), r.partition(), r.offset(), r.key(), header(r, "id"), type, payload, event);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Records of {@code deletion.commands} and {@code deletion.requests} that belong to {@code requestId}. */
    List<Received> of(UUID requestId) {
        return all().stream().filter(r -> requestId.equals(requestOf(r))).toList();
    }

    /** True once every record before {@code ends} (per partition) has been read. */
    boolean hasRead(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || readUpTo.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    /** Records read at or after {@code offsets} (per partition; partitions not named: every record). */
    List<Received> since(Map<TopicPartition, Long> offsets) {
        return all().stream().filter(r -> r.offset() >= offsets.getOrDefault(
                new TopicPartition(r.topic(), r.partition()), 0L)).toList();
    }

    /**
     * Every record published to the orchestrator's topics since {@code before}, once the relay has caught up:
     * {@code barrier} (a request confirmed after the calls under test, with {@code barrierCommands} users) is relayed
     * after anything those calls wrote to the outbox, so once its events are on Kafka and the ends of the topics of
     * {@code state} stop moving, whatever those calls published is among the records returned.
     */
    List<Received> publishedSince(ServiceState state, Map<TopicPartition, Long> before, UUID barrier,
                                  int barrierUsers) {
        await().atMost(ServiceState.PATIENCE).until(() -> commandIdsByUser(barrier).size() == barrierUsers
                && confirmations(barrier).size() == 1);
        Object[] last = {null};
        await().atMost(ServiceState.PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<TopicPartition, Long> ends = state.topicEnds();
            boolean stable = ends.equals(last[0]) && hasRead(ends);
            last[0] = ends;
            return stable;
        });
        return since(before);
    }

    /** The requests {@code records} belong to (null for a record of no request, e.g. a dead letter). */
    static Set<UUID> requestsOf(List<Received> records) {
        return records.stream().map(KafkaEvents::requestOf).collect(Collectors.toCollection(HashSet::new));
    }

    /** The request a record of the orchestrator's topics belongs to; null for anything else. */
    static UUID requestOf(Received record) {
        return switch (record.event()) {
            case DeleteUsers c -> c.requestId();
            case DeletionConfirmed c -> c.requestId();
            case DeletionCompleted c -> c.requestId();
            case null, default -> null;
        };
    }

    /** The request's commands (chunks of users), in log order. */
    List<DeleteUsers> commands(UUID requestId) {
        return of(requestId).stream().map(Received::event).filter(DeleteUsers.class::isInstance)
                .map(DeleteUsers.class::cast).toList();
    }

    /** The command (chunk) id under which each user of the request was sent to membership-service. */
    Map<UUID, UUID> commandIdsByUser(UUID requestId) {
        Map<UUID, UUID> byUser = new HashMap<>();
        commands(requestId).forEach(c -> c.userIds().forEach(u -> byUser.put(u, c.commandId())));
        return byUser;
    }

    List<DeletionConfirmed> confirmations(UUID requestId) {
        return of(requestId).stream().map(Received::event).filter(DeletionConfirmed.class::isInstance)
                .map(DeletionConfirmed.class::cast).toList();
    }

    List<DeletionCompleted> completions(UUID requestId) {
        return of(requestId).stream().map(Received::event).filter(DeletionCompleted.class::isInstance)
                .map(DeletionCompleted.class::cast).toList();
    }

    List<Received> deadLetters() {
        return all().stream().filter(r -> r.topic().equals(Topics.deadLetterTopic(Topics.DELETION_OUTCOMES))).toList();
    }

    /** Publishes an outcome as membership-service's relay would, under a new event id. */
    RecordMetadata publish(Event outcome) {
        return publish(UUID.randomUUID(), outcome);
    }

    RecordMetadata publish(UUID eventId, Event outcome) {
        EventType type = EventType.of(outcome);
        return send(outcome.key(), codec.encode(outcome).getBytes(StandardCharsets.UTF_8),
                Map.of("id", eventId.toString(), "eventType", type.wireName(), "schemaVersion",
                        String.valueOf(type.version())));
    }

    /** Publishes many outcomes at once (each under a new event id) and waits for all acknowledgements. */
    List<RecordMetadata> publishAll(List<? extends Event> outcomes) {
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        for (Event outcome : outcomes) {
            EventType type = EventType.of(outcome);
            RecordHeaders headers = new RecordHeaders();
            headers.add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            headers.add("eventType", type.wireName().getBytes(StandardCharsets.UTF_8));
            headers.add("schemaVersion", String.valueOf(type.version()).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(new ProducerRecord<>(Topics.DELETION_OUTCOMES, null, outcome.key(),
                    codec.encode(outcome).getBytes(StandardCharsets.UTF_8), headers)));
        }
        List<RecordMetadata> acks = new ArrayList<>();
        for (var future : sent) {
            acks.add(get(future));
        }
        return acks;
    }

    /** The event's JSON as the relay publishes it. */
    byte[] encoded(Event event) {
        return codec.encode(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes any bytes with any headers to {@code deletion.outcomes} (to break the contract on purpose). */
    RecordMetadata send(String key, byte[] value, Map<String, String> headerValues) {
        RecordHeaders headers = new RecordHeaders();
        headerValues.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return get(producer.send(new ProducerRecord<>(Topics.DELETION_OUTCOMES, null, key, value, headers)));
    }

    /**
     * Publishes {@code event} to {@code topic} with the relay's envelope plus {@code extraHeaders}: a record as a
     * dead-letter publisher leaves it (the original's headers and its exception's).
     */
    RecordMetadata publishTo(String topic, Event event, Map<String, String> extraHeaders) {
        EventType type = EventType.of(event);
        RecordHeaders headers = new RecordHeaders();
        headers.add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("eventType", type.wireName().getBytes(StandardCharsets.UTF_8));
        headers.add("schemaVersion", String.valueOf(type.version()).getBytes(StandardCharsets.UTF_8));
        extraHeaders.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return get(producer.send(new ProducerRecord<>(topic, null, event.key(),
                codec.encode(event).getBytes(StandardCharsets.UTF_8), headers)));
    }

    /** True once the orchestrator's consumer group has committed past every given record. */
    boolean consumed(String groupId, List<RecordMetadata> records) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return false;
        }
        for (RecordMetadata r : records) {
            OffsetAndMetadata offset = committed.get(new TopicPartition(r.topic(), r.partition()));
            if (offset == null || offset.offset() <= r.offset()) {
                return false;
            }
        }
        return true;
    }

    private static RecordMetadata get(java.util.concurrent.Future<RecordMetadata> future) {
        try {
            return future.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a test record", e);
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
