package dev.userdeletion.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.messaging.MessagingProperties;
import dev.userdeletion.testsupport.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Two instances of a service relay one database's outbox through exactly one active relay (the holder of the relay's
 * advisory lock); the other is a standby that takes over when the active one stops, loses its session or freezes,
 * without losing an event. Its own database and topic, so no other relay sees its rows.
 */
class RelayLeadershipIT {

    private static final String DATABASE = "relay_leadership";
    private static final String TOPIC = "relay-leadership-test";
    private static final String NAME = "leadership-test";
    private static final MessagingProperties.Relay SETTINGS = new MessagingProperties.Relay(true, NAME,
            Duration.ofSeconds(1), 8192, Duration.ofMillis(50), (short) -1, DataSize.ofGigabytes(1),
            Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(2));

    private static LocalInfrastructure infra;
    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TopicReader reader;

    private final List<OutboxRelay> relays = new ArrayList<>();

    @BeforeAll
    static void database() {
        infra = SharedInfrastructure.withDatabase(DATABASE);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infra.jdbcUrl(DATABASE));
        dataSource.setUsername(LocalInfrastructure.DB_USER);
        dataSource.setPassword(LocalInfrastructure.DB_PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/messaging").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        reader = new TopicReader(infra.bootstrapServers());
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @AfterEach
    void stopRelays() {
        relays.forEach(OutboxRelay::stop);
    }

    @Test
    void twoInstancesRelayThroughOneActiveRelayAndTheStandbyTakesOverWhenItStops() {
        OutboxRelay first = started();
        OutboxRelay second = started();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.status().up() && second.status().up());
        assertThat(first.status().role()).isEqualTo("active");
        assertThat(second.status().role()).isEqualTo("standby");
        assertThat(second.status().activeRelay()).contains("outbox-relay " + first.slotName());
        await().atMost(Duration.ofSeconds(30)).until(() -> streamingFromSlot() == 1);

        List<UUID> before = write(50);
        awaitEach(before);
        first.stop(); // a rolling deploy: the lock is given up at once
        await().atMost(Duration.ofSeconds(30)).until(() -> second.status().role().equals("active"));
        List<UUID> after = write(50);
        List<ConsumerRecord<String, byte[]>> relayed = awaitEach(after);
        assertThat(second.status().up()).isTrue();
        // a clean stop flushed the first relay's offsets: the second goes on from there, nothing is sent twice
        assertThat(copies(relayed, before)).containsOnly(1);
        assertThat(copies(relayed, after)).containsOnly(1);
    }

    @Test
    void anActiveRelayWhoseSessionIsEndedStopsItsEngineAndOneRelayGoesOnWithoutLosingAnEvent() {
        OutboxRelay first = started();
        OutboxRelay second = started();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.status().up() && streamingFromSlot() == 1);
        List<UUID> before = write(50);
        awaitEach(before);

        // an operator (or a failover) ends every session of the active relay: its lock and its stream
        jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE ?",
                "outbox-relay " + first.slotName() + "%");
        jdbc.queryForList("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ?",
                first.slotName());
        List<UUID> meanwhile = write(50);
        awaitEach(meanwhile);
        await().atMost(Duration.ofSeconds(30)).until(() -> activeRoles(first, second) == 1 && streamingFromSlot() == 1);
        List<UUID> after = write(50);
        awaitEach(after);
        assertThat(first.status().up() && second.status().up()).isTrue();
        assertThat(outboxRows()).isZero();
    }

    @Test
    void aHolderThatStopsCheckingLosesTheLockAfterTheLeaderTimeout() throws Exception {
        String slot = "frozen_test_outbox";
        try (RelayLeadership frozen = leadership(slot, "frozen");
             RelayLeadership standby = leadership(slot, "standby")) {
            assertThat(frozen.tryAcquire()).isTrue();
            assertThat(standby.tryAcquire()).isFalse();
            assertThat(standby.holder()).hasValueSatisfying(h -> assertThat(h.applicationName()).endsWith("frozen"));
            // the holder no longer checks, as a process under SIGSTOP: its session idles past the leader timeout
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(standby::tryAcquire);
            assertThat(frozen.stillHeld()).isFalse();
            assertThat(standby.stillHeld()).isTrue();
        }
    }

    @Test
    void aRelayWhoseSupervisorHasEndedIsDownAndBreaksLiveness() throws Exception {
        OutboxRelay active = started();
        OutboxRelay standby = newRelay();
        List<Object> events = new CopyOnWriteArrayList<>();
        standby.setApplicationEventPublisher(events::add);
        standby.afterPropertiesSet();
        standby.start();
        relays.add(standby);
        await().atMost(Duration.ofSeconds(30)).until(() -> active.status().up() && standby.status().up());

        standby.supervisorThread().interrupt(); // ends it for good: nothing would ever relay from this instance
        standby.supervisorThread().join(10_000);

        assertThat(standby.status().up()).isFalse();
        assertThat(standby.status().problems()).anySatisfy(p -> assertThat(p).contains("supervisor has ended"));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AvailabilityChangeEvent.class,
                change -> assertThat(change.getState()).isEqualTo(LivenessState.BROKEN)));
    }

    private OutboxRelay started() {
        OutboxRelay relay = newRelay();
        relay.afterPropertiesSet();
        relay.start();
        relays.add(relay);
        return relay;
    }

    private OutboxRelay newRelay() {
        Map<String, Object> producerConfig = new HashMap<>(Map.of("bootstrap.servers", infra.bootstrapServers(),
                "acks", "all", "enable.idempotence", true));
        return new OutboxRelay(dataSource, infra.jdbcUrl(DATABASE), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD, NAME, infra.bootstrapServers(), SETTINGS,
                () -> new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer()),
                new SimpleMeterRegistry());
    }

    private static RelayLeadership leadership(String slot, String instance) {
        return new RelayLeadership(infra.jdbcUrl(DATABASE), LocalInfrastructure.DB_USER, LocalInfrastructure.DB_PASSWORD,
                slot, instance, Duration.ofSeconds(2));
    }

    /** Commits {@code count} outbox rows, one transaction each; returns their event ids. */
    private static List<UUID> write(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            jdbc.update("INSERT INTO outbox (id, topic, aggregate_id, type, schema_version, payload)"
                    + " VALUES (?, ?, ?, 'LeadershipTest', 1, '{}')", id, TOPIC, id.toString());
            ids.add(id);
        }
        return ids;
    }

    /**
     * Reads the topic from its start until each of {@code ids} has arrived, then half a second longer (duplicates
     * would follow right behind); returns every record read.
     */
    private static List<ConsumerRecord<String, byte[]>> awaitEach(List<UUID> ids) {
        return reader.readUntil(TOPIC, r -> true, read -> copies(read, ids).stream().allMatch(n -> n >= 1),
                Duration.ofSeconds(60), Duration.ofMillis(500));
    }

    /** How many copies of each of {@code ids} are among {@code records}. */
    private static List<Integer> copies(List<ConsumerRecord<String, byte[]>> records, List<UUID> ids) {
        Map<UUID, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            var header = r.headers().lastHeader("id");
            if (header != null) {
                counts.merge(UUID.fromString(new String(header.value(), StandardCharsets.UTF_8)), 1, Integer::sum);
            }
        }
        return ids.stream().map(id -> counts.getOrDefault(id, 0)).toList();
    }

    private static int streamingFromSlot() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND active",
                Integer.class, "leadership_test_outbox");
    }

    private static long activeRoles(OutboxRelay... relays) {
        return java.util.Arrays.stream(relays).filter(r -> r.status().role().equals("active")).count();
    }

    private static int outboxRows() {
        return jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class);
    }
}
