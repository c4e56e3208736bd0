package dev.userdeletion.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.messaging.health.MessagingHealthIndicator;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.inbox.InboxPruner;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.messaging.outbox.TombstoneRow;
import dev.userdeletion.messaging.relay.OutboxRelay;
import dev.userdeletion.messaging.topics.ErasureSettings;
import dev.userdeletion.messaging.topics.TopicProvisioner;
import dev.userdeletion.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox, relay, inbox and dead-letter handling against real PostgreSQL, Debezium and Kafka. */
@SpringBootTest(classes = RelayTestApplication.class)
class OutboxRelayIT {

    private static final String DATABASE = "messaging_test";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        LocalInfrastructure infra = SharedInfrastructure.withDatabase(DATABASE);
        infra.springProperties(DATABASE).forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired OutboxWriter outbox;
    @Autowired OutboxRelay relay;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired EventCodec codec;
    @Autowired Inbox inbox;
    @Autowired InboxPruner inboxPruner;
    @Autowired KafkaAdmin kafkaAdmin;
    @Autowired MessagingHealthIndicator health;
    @Autowired DataSource dataSource;
    @Autowired MessagingProperties properties;
    @Autowired ConsumerFactory<String, byte[]> consumerFactory;
    @Autowired Tracer tracer;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (!relay.isRunning()) {
            relay.start();
        }
    }

    @Test
    void everyCommittedEventArrivesInCommitOrderPerKey() {
        List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Map<UUID, List<UUID>> committedCommands = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            UUID user = users.get(i % users.size());
            UUID command = UUID.randomUUID();
            transactions.executeWithoutResult(tx -> outbox.publish(gone(command, user)));
            committedCommands.computeIfAbsent(user, u -> new ArrayList<>()).add(command);
        }
        List<ConsumerRecord<String, byte[]>> received = collect(Topics.DELETION_OUTCOMES, 400,
                r -> users.contains(UUID.fromString(r.key())));

        Map<UUID, List<UUID>> receivedCommands = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : received) {
            DeletionOutcome event = decode(r);
            receivedCommands.computeIfAbsent(event.requestId(), u -> new ArrayList<>()).add(event.commandId());
            assertThat(header(r, "eventType")).isEqualTo("DeletionOutcome");
            assertThat(header(r, "schemaVersion")).isEqualTo("1");
            assertThat(UUID.fromString(header(r, "id"))).isNotNull();
        }
        assertThat(receivedCommands).isEqualTo(committedCommands);
        // a row stays until Kafka has acknowledged its event, then the relay deletes it
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        UUID user = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            outbox.publish(gone(rolledBack, user));
            throw new IllegalStateException("the state change failed");
        })).isInstanceOf(IllegalStateException.class);
        UUID committed = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.publish(gone(committed, user)));

        List<ConsumerRecord<String, byte[]>> received = collect(Topics.DELETION_OUTCOMES, 1,
                r -> r.key().equals(user.toString()));
        assertThat(received).extracting(r -> decode(r).commandId()).containsExactly(committed);
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.publish(gone(UUID.randomUUID(), UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eventsCommittedWhileTheRelayIsStoppedArriveAfterItRestarts() {
        UUID user = UUID.randomUUID();
        List<UUID> before = publishEach(user, 20);
        collect(Topics.DELETION_OUTCOMES, 20, r -> r.key().equals(user.toString()));

        relay.stop();
        List<UUID> whileStopped = publishEach(user, 50);
        relay.start();

        List<ConsumerRecord<String, byte[]>> received = collect(Topics.DELETION_OUTCOMES, 70,
                r -> r.key().equals(user.toString()));
        List<UUID> commands = received.stream().map(r -> decode(r).commandId()).toList();
        List<UUID> expected = new ArrayList<>(before);
        expected.addAll(whileStopped);
        // A clean stop flushes the relay's offsets, so nothing is sent twice and nothing is lost.
        assertThat(commands).containsExactlyElementsOf(expected);
    }

    @Test
    void aPartitionCountOtherThanTheTopicsIsRefusedAndNothingIsAdded() throws Exception {
        for (int partitions : new int[] {3, 8}) {
            TopicProvisioner provisioner = new TopicProvisioner(kafkaAdmin.getConfigurationProperties(),
                    new MessagingProperties.TopicSettings(true, partitions, (short) 1), ErasureSettings.DEFAULTS,
                    Duration.ofSeconds(30));
            assertThatThrownBy(provisioner::afterPropertiesSet).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Refusing to start").hasMessageContaining(Topics.USER_STATE + " has 6 partitions")
                    .hasMessageContaining("messaging.topics.partitions is " + partitions);
        }
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            assertThat(admin.describeTopics(Topics.ALL).allTopicNames().get().values())
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(6));
        }
    }

    @Test
    void eventsCommittedWhileTheReplicationSlotWasLostArriveWhenItIsRecreated() {
        UUID user = UUID.randomUUID();
        relay.stop();
        jdbc.queryForList("SELECT pg_drop_replication_slot(?)", "messaging_test_outbox");
        List<UUID> whileLost = publishEach(user, 30);
        assertThat(outboxRows()).isGreaterThanOrEqualTo(30);

        // what a restarted service does: its relay finds the slot missing although the database had one
        OutboxRelay restarted = newRelay("messaging-test");
        restarted.afterPropertiesSet();
        restarted.start();
        closeables.add(restarted::stop);

        List<ConsumerRecord<String, byte[]>> received = collect(Topics.DELETION_OUTCOMES, 30,
                r -> r.key().equals(user.toString()));
        assertThat(received).extracting(r -> decode(r).commandId()).containsExactlyElementsOf(whileLost);
        assertThat(received).allSatisfy(r -> {
            assertThat(header(r, "eventType")).isEqualTo("DeletionOutcome");
            assertThat(header(r, "schemaVersion")).isEqualTo("1");
            assertThat(UUID.fromString(header(r, "id"))).isNotNull();
        });
        assertThat(meters.find("outbox.relay.slot.lost").counter().count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
        // streaming goes on from the new slot
        UUID after = UUID.randomUUID();
        List<UUID> later = publishEach(after, 3);
        assertThat(collect(Topics.DELETION_OUTCOMES, 3, r -> r.key().equals(after.toString())))
                .extracting(r -> decode(r).commandId()).containsExactlyElementsOf(later);
    }

    @Test
    void theSlotExistsAsSoonAsTheRelayIsInitialisedBeforeItRunsOrAnyRequestIsServed() {
        OutboxRelay fresh = newRelay("slot-first");
        try {
            fresh.afterPropertiesSet();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'slot_first_outbox'",
                    Integer.class)).isEqualTo(1);
            assertThat(fresh.isRunning()).isFalse();
        } finally {
            jdbc.queryForList("SELECT pg_drop_replication_slot('slot_first_outbox')");
            jdbc.execute("DROP PUBLICATION slot_first_outbox");
            jdbc.update("DELETE FROM outbox_relay_slot WHERE slot_name = 'slot_first_outbox'");
        }
    }

    @Test
    void theRelaysHealthIsUpWhileItRelaysAndDownOnceStopped() {
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().up());
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        relay.stop();
        assertThat(relay.status().up()).isFalse();
        assertThat(relay.status().problems()).contains("the relay is stopped");
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
    }

    @Test
    void aDatabaseThatRefusesWritesForAWhileDelaysRecordsButDeadLettersNoneAndLosesNone() throws Exception {
        List<UUID> users = new ArrayList<>();
        double deadBefore = deadLetters();
        try (LocalInfrastructure.Fault readOnly = SharedInfrastructure.get().readOnly(DATABASE);
             KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                UUID user = UUID.randomUUID();
                users.add(user);
                producer.send(outcomeRecord(user, UUID.randomUUID())).get();
            }
            // far longer than attempts x retry-interval (2 x 100 ms): the records would have been dead-lettered
            await().atMost(Duration.ofSeconds(30)).until(() -> consumerWaiting());
            // readiness goes DOWN once the listener has waited longer than unready-after (1 s here)
            await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().getCode().equals("DOWN"));
            Thread.sleep(3_000); // the database stays read-only a while longer; nothing may give up meanwhile
        } finally {
            // the test's own pooled connections were ended with the fault too
            dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> users.stream().allMatch(u -> applied(u) == 1));
        assertThat(deadLetters()).isEqualTo(deadBefore);
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumerWaiting());
        assertThat(meters.find("messaging.consumer.transient.failures").tag("listener", "messaging-test-inbox")
                .counter().count()).isPositive();
    }

    @Test
    void aConsumerGroupWithoutOffsetsStartsAtTheBeginningNotTheEnd() throws Exception {
        String topic = "offset-reset-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "published before the group existed".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (var consumer = consumerFactory.createConsumer("fresh-group-" + UUID.randomUUID(), null)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return !read.isEmpty();
            });
            assertThat(read.getFirst().key()).isEqualTo("k");
        }
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        UUID user = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        byte[] payload = codec.encode(gone(UUID.randomUUID(), user)).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DELETION_OUTCOMES, user.toString(), payload);
                record.headers().add("id", eventId.toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("eventType", "DeletionOutcome".getBytes(StandardCharsets.UTF_8));
                record.headers().add("schemaVersion", "1".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
        UUID marker = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.publish(gone(UUID.randomUUID(), marker)));
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(marker) == 1);
        assertThat(applied(user)).isEqualTo(1);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndIsCounted() throws Exception {
        String key = UUID.randomUUID().toString();
        double before = deadLetters();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DELETION_OUTCOMES, key,
                    "{not json".getBytes(StandardCharsets.UTF_8));
            record.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("eventType", "DeletionOutcome".getBytes(StandardCharsets.UTF_8));
            record.headers().add("schemaVersion", "1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        List<ConsumerRecord<String, byte[]>> dead = collect(Topics.deadLetterTopic(Topics.DELETION_OUTCOMES), 1,
                r -> key.equals(r.key()));
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(dead.getFirst(), "kafka_dlt-exception-cause-fqcn")).contains("InvalidEventException");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() == before + 1);

        // the consumer carries on after the poison record
        UUID after = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.publish(gone(UUID.randomUUID(), after)));
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(after) == 1);
    }

    @Test
    void inboxRowsOlderThanTheRetentionArePrunedInBatchesAndTheRestKept() {
        // the service's own scheduled pruning must not take the old rows first
        inboxPruner.stop();
        try {
            List<UUID> old = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID());
            List<UUID> kept = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            old.forEach(id -> insertInboxRow(id, "15 days"));
            insertInboxRow(kept.get(0), "13 days");
            insertInboxRow(kept.get(1), "1 hour");
            insertInboxRow(kept.get(2), "0 seconds");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            InboxPruner twoAtATime = new InboxPruner(jdbc,
                    new MessagingProperties.Inbox(Duration.ofDays(14), Duration.ofHours(1), 2), registry);

            assertThat(twoAtATime.prune()).isEqualTo(5);

            assertThat(jdbc.queryForList("SELECT event_id FROM inbox WHERE consumer = 'prune-test'", UUID.class))
                    .containsExactlyInAnyOrderElementsOf(kept);
            assertThat(registry.counter("messaging.inbox.pruned").count()).isEqualTo(5);
            assertThat(twoAtATime.prune()).isZero();
            // a kept id is still recognised; a pruned one is forgotten (no topic keeps its record that long)
            Set<UUID> firstTime = transactions.execute(
                    tx -> inbox.firstDeliveries("prune-test", List.of(kept.get(0), old.get(0))));
            assertThat(firstTime).containsExactly(old.get(0));
        } finally {
            inboxPruner.start();
        }
    }

    private void insertInboxRow(UUID eventId, String age) {
        jdbc.update("INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('prune-test', ?, now() - ?::interval)",
                eventId, age);
    }

    @Test
    void theInboxRecognisesRepeatedIdsInBulk() {
        UUID seen = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> inbox.firstDelivery("bulk-test", seen));
        Set<UUID> first = transactions.execute(tx -> inbox.firstDeliveries("bulk-test", List.of(seen, fresh, fresh)));
        assertThat(first).containsExactly(fresh);
        Set<UUID> again = transactions.execute(tx -> inbox.firstDeliveries("bulk-test", List.of(seen, fresh)));
        assertThat(again).isEmpty();
    }

    @Test
    void theTraceOfTheWritingTransactionTravelsThroughTheOutboxAndDebeziumToTheConsumer() {
        UUID user = UUID.randomUUID();
        Span confirmation = tracer.nextSpan().name("confirm").start();
        String traceId = confirmation.context().traceId();
        UUID eventId;
        try (Tracer.SpanInScope scope = tracer.withSpan(confirmation)) {
            eventId = transactions.execute(tx -> outbox.publish(gone(UUID.randomUUID(), user)));
        } finally {
            confirmation.end();
        }
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));

        ConsumerRecord<String, byte[]> record = collect(Topics.DELETION_OUTCOMES, 1,
                r -> user.toString().equals(r.key())).getFirst();
        assertThat(header(record, "traceparent")).startsWith("00-" + traceId + "-");
        // the consumer applied it in a span of the same trace, not a new one
        await().atMost(Duration.ofSeconds(30)).until(() ->
                RelayTestApplication.InboxConsumer.TRACE_OF_EVENT.containsKey(eventId));
        assertThat(RelayTestApplication.InboxConsumer.TRACE_OF_EVENT.get(eventId)).isEqualTo(traceId);
    }

    @Test
    void aTombstoneIsRelayedAsANullValue() {
        String key = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> outbox.publishTombstone(EventType.USER_STATE, key));
        List<ConsumerRecord<String, byte[]>> received = collect(Topics.USER_STATE, 1, r -> key.equals(r.key()));
        assertThat(received.getFirst().value()).isNull();
        assertThat(meters.find("outbox.events.published").tag("topic", Topics.USER_STATE).counter()).isNotNull();
        assertThat(meters.find("outbox.relay.lag").timer().count()).isPositive();
        // when the outbox row was written, in epoch milliseconds
        assertThat(Long.parseLong(header(received.getFirst(), "createdAt")))
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    }

    @Test
    void aRowOfTombstonesIsRelayedAsOneTombstonePerKeyInOrderWithIdsDerivedFromTheRow() {
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        UUID rowId = transactions.execute(tx -> {
            outbox.publishTombstones(EventType.USER_STATE, keys);
            // one row for the three (read in its own transaction: the relay deletes it once relayed)
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE aggregate_id = ANY(?::varchar[])",
                    Integer.class, (Object) keys.toArray(String[]::new))).isEqualTo(1);
            return jdbc.queryForObject("SELECT id FROM outbox WHERE type = 'Tombstones' AND aggregate_id = ?",
                    UUID.class, keys.getFirst());
        });
        List<ConsumerRecord<String, byte[]>> received = collect(Topics.USER_STATE, 3, r -> keys.contains(r.key()));
        assertThat(received).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.value()).isNull();
            assertThat(header(r, "eventType")).isEqualTo("UserState");
            assertThat(header(r, "schemaVersion")).isEqualTo("1");
            assertThat(header(r, "createdAt")).isNotNull();
        });
        assertThat(received).extracting(r -> header(r, "id")).containsExactlyInAnyOrderElementsOf(
                TombstoneRow.expand(rowId, "UserState 1\n" + String.join("\n", keys)).tombstones().stream()
                        .map(t -> t.eventId().toString()).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
    }

    @Test
    void aRowOfTombstonesCommittedWhileTheSlotWasLostIsExpandedFromTheTable() {
        relay.stop();
        jdbc.queryForList("SELECT pg_drop_replication_slot(?)", "messaging_test_outbox");
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        transactions.executeWithoutResult(tx -> outbox.publishTombstones(EventType.USER_STATE, keys));
        OutboxRelay restarted = newRelay("messaging-test");
        restarted.afterPropertiesSet();
        restarted.start();
        closeables.add(restarted::stop);
        List<ConsumerRecord<String, byte[]>> received = collect(Topics.USER_STATE, 2, r -> keys.contains(r.key()));
        assertThat(received).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.value()).isNull();
            assertThat(header(r, "eventType")).isEqualTo("UserState");
        });
    }

    private List<UUID> publishEach(UUID user, int count) {
        List<UUID> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID command = UUID.randomUUID();
            transactions.executeWithoutResult(tx -> outbox.publish(gone(command, user)));
            commands.add(command);
        }
        return commands;
    }

    private OutboxRelay newRelay(String name) {
        LocalInfrastructure infra = SharedInfrastructure.get();
        var producerConfig = Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers(), "acks", "all",
                "enable.idempotence", true);
        return new OutboxRelay(dataSource, infra.jdbcUrl(DATABASE), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD, name, infra.bootstrapServers(), properties.relay(),
                () -> new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer()), meters);
    }

    private int outboxRows() {
        return jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class);
    }

    private boolean consumerWaiting() {
        var gauge = meters.find("messaging.consumer.waiting").tag("listener", "messaging-test-inbox").gauge();
        return gauge != null && gauge.value() > 0;
    }

    private ProducerRecord<String, byte[]> outcomeRecord(UUID user, UUID eventId) {
        byte[] payload = codec.encode(gone(UUID.randomUUID(), user)).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DELETION_OUTCOMES, user.toString(), payload);
        record.headers().add("id", eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", "DeletionOutcome".getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", "1".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private int applied(UUID user) {
        return jdbc.queryForObject("SELECT count(*) FROM applied_event WHERE user_id = ?", Integer.class, user);
    }

    private double deadLetters() {
        var counter = meters.find("messaging.dead.letter.records").tag("topic", Topics.DELETION_OUTCOMES).counter();
        return counter == null ? 0 : counter.count();
    }

    // The outcome is keyed by its request: the tests use the request id as the record key they follow.
    private static DeletionOutcome gone(UUID command, UUID key) {
        return new DeletionOutcome(command, key, "acme", List.of(), List.of(), List.of(UUID.randomUUID()), Instant.now());
    }

    private DeletionOutcome decode(ConsumerRecord<String, byte[]> r) {
        return codec.decode(DeletionOutcome.class, header(r, "eventType"), header(r, "schemaVersion"), r.value());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Reads {@code topic} from the start until {@code expected} matching records arrived, then half a second longer:
     * duplicates would show up right behind the expected records.
     */
    private List<ConsumerRecord<String, byte[]>> collect(String topic, int expected,
                                                       Predicate<ConsumerRecord<String, byte[]>> filter) {
        return new TopicReader(SharedInfrastructure.get().bootstrapServers()).readUntil(topic, filter,
                matched -> matched.size() >= expected, Duration.ofSeconds(60), Duration.ofMillis(500));
    }
}
