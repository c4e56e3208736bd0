package dev.userdeletion.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalInfrastructureTest {

    private final LocalInfrastructure infra = SharedInfrastructure.withDatabase("infra_check");

    @Test
    void postgresRunsWithLogicalReplication() throws Exception {
        try (var c = DriverManager.getConnection(infra.jdbcUrl("infra_check"), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
             var rs = c.createStatement().executeQuery("SHOW wal_level")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
        }
    }

    @Test
    void kafkaDeliversARecord() throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", infra.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra-check", "k", "hello")).get();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", infra.bootstrapServers());
        props.put("group.id", "infra-check");
        props.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra-check"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.currentTimeMillis() + 20_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records).extracting(r -> r.value()).containsExactly("hello");
        }
    }
}
