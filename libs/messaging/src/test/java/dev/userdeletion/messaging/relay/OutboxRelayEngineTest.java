package dev.userdeletion.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userdeletion.messaging.MessagingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.unit.DataSize;

class OutboxRelayEngineTest {

    private static OutboxRelay relay(short offsetsReplicationFactor) {
        MessagingProperties.Relay settings = new MessagingProperties.Relay(true, null, Duration.ofSeconds(10), 8192,
                Duration.ofMillis(50), offsetsReplicationFactor, DataSize.ofGigabytes(1), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofSeconds(15));
        return new OutboxRelay(new SimpleDriverDataSource(), "jdbc:postgresql://db:5432/orchestrator", "u", "p",
                "deletion-orchestrator", "kafka:9092", settings, () -> null, new SimpleMeterRegistry());
    }

    @Test
    void theOffsetsTopicTakesTheBrokersReplicationFactorUnlessOneIsConfigured() {
        assertThat(relay((short) -1).engineProperties().getProperty("offset.storage.replication.factor")).isEqualTo("-1");
        assertThat(relay((short) 3).engineProperties().getProperty("offset.storage.replication.factor")).isEqualTo("3");
    }

    @Test
    void theRelayReadsItsDatabaseAndNamesItsSlotAfterTheService() {
        var p = relay((short) -1).engineProperties();
        assertThat(p.getProperty("database.hostname")).isEqualTo("db");
        assertThat(p.getProperty("database.dbname")).isEqualTo("orchestrator");
        assertThat(p.getProperty("slot.name")).isEqualTo("deletion_orchestrator_outbox");
        assertThat(p.getProperty("offset.storage.topic")).isEqualTo("deletion_orchestrator.outbox-relay-offsets");
    }

    @Test
    void theDatabaseIsReadFromTheJdbcUrlAsTheDriverReadsIt() {
        assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://db.internal:6543/membership?sslmode=require", "u", "p"))
                .isEqualTo(new RelayDatabase("db.internal", 6543, "membership", "u", "p"));
        assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://db/orchestrator", "u", null).port()).isEqualTo(5432);
        assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://a:5433,b:5434/notification", "u", null))
                .isEqualTo(new RelayDatabase("a", 5433, "notification", "u", null));
        assertThatThrownBy(() -> RelayDatabase.fromJdbcUrl("jdbc:mysql://db/x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql://");
    }
}
