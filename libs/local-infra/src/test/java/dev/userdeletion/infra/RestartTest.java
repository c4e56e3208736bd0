package dev.userdeletion.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL and Kafka stop and start again on the same ports with their data, and clients that were connected
 * before carry on: what the fault tests rely on. Its own servers, so that stopping them disturbs no other test.
 */
class RestartTest {

    private static LocalInfrastructure infra;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("infra-restart");
        infra = LocalInfrastructure.start(dir, 0, 0, false, List.of("restart_check"));
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void postgresComesBackWithItsRowsAndReplicationSlots() throws Exception {
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE TABLE kept (id int PRIMARY KEY)");
            c.createStatement().execute("INSERT INTO kept VALUES (1), (2)");
            c.createStatement().execute("SELECT pg_create_logical_replication_slot('kept_slot', 'pgoutput')");
        }
        int port = infra.postgresPort();
        try (Connection before = connect()) {
            infra.stopPostgres();
            assertThatThrownBy(() -> before.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(RestartTest::connect).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
        } finally {
            infra.startPostgres();
        }
        assertThat(infra.postgresPort()).isEqualTo(port);
        try (Connection after = connect();
             var rows = after.createStatement().executeQuery("SELECT count(*) FROM kept");
             var slots = after.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'kept_slot'")) {
            rows.next();
            slots.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
            assertThat(slots.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void kafkaComesBackWithItsRecordsAndAProducerOfBeforeCarriesOn() throws Exception {
        String bootstrap = infra.bootstrapServers();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("restart-check", "k", "before")).get();
            infra.stopKafka();
            // sent while the broker is away (the send itself may wait for the topic's metadata, so the broker comes
            // back from another thread): delivered once it is back, by the same producer
            var restart = CompletableFuture.runAsync(infra::startKafka);
            var pending = producer.send(new ProducerRecord<>("restart-check", "k", "while-stopped"));
            restart.join();
            pending.get(90, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("restart-check", "k", "after")).get();
        }
        assertThat(infra.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(readAll("restart-check", 3)).containsExactly("before", "while-stopped", "after");
    }

    private static List<String> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", infra.bootstrapServers());
        props.put("group.id", "restart-check");
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl("restart_check"), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
    }
}
