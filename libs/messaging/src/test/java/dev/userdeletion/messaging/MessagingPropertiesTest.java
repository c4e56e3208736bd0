package dev.userdeletion.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** Binding as Spring does it: one key set in a group leaves every other key of the group at its default. */
class MessagingPropertiesTest {

    private static MessagingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("messaging", MessagingProperties.class);
    }

    @Test
    void withNothingSetEveryGroupHasItsDefaults() {
        MessagingProperties p = bind(Map.of());
        assertThat(p.relay()).isEqualTo(new MessagingProperties.Relay(true, null, Duration.ofSeconds(10), 8192,
                Duration.ofMillis(50), (short) -1, DataSize.ofGigabytes(1), Duration.ofSeconds(60), Duration.ofSeconds(2),
                Duration.ofSeconds(15)));
        assertThat(p.broker()).isEqualTo(new MessagingProperties.Broker(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertThat(p.shutdown()).isEqualTo(new MessagingProperties.Shutdown(Duration.ofSeconds(25)));
        assertThat(p.topics()).isEqualTo(new MessagingProperties.TopicSettings(true, 6, (short) 1));
        assertThat(p.consumer()).isEqualTo(new MessagingProperties.Consumer(3, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(p.inbox()).isEqualTo(new MessagingProperties.Inbox(Duration.ofDays(14), Duration.ofHours(1), 10_000));
    }

    @Test
    void aRetryIntervalAloneKeepsThreeAttempts() {
        MessagingProperties.Consumer consumer = bind(Map.of("messaging.consumer.retry-interval", "1s")).consumer();
        assertThat(consumer.retryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(consumer.attempts()).isEqualTo(3);
        assertThat(consumer.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBatchSizeAloneKeepsTheRelayOnWithItsHeartbeat() {
        MessagingProperties.Relay relay = bind(Map.of("messaging.relay.max-batch-size", "100")).relay();
        assertThat(relay.maxBatchSize()).isEqualTo(100);
        assertThat(relay.enabled()).isTrue();
        assertThat(relay.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(relay.pollInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aPartitionCountAloneKeepsTopicCreationOn() {
        MessagingProperties.TopicSettings topics = bind(Map.of("messaging.topics.partitions", "12")).topics();
        assertThat(topics.partitions()).isEqualTo(12);
        assertThat(topics.create()).isTrue();
        assertThat(topics.replicas()).isEqualTo((short) 1);
    }

    @Test
    void aPruneIntervalAloneKeepsTwoWeeksOfInbox() {
        MessagingProperties.Inbox inbox = bind(Map.of("messaging.inbox.prune-interval", "5m")).inbox();
        assertThat(inbox.pruneInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(inbox.retention()).isEqualTo(Duration.ofDays(14));
        assertThat(inbox.pruneBatchSize()).isEqualTo(10_000);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("messaging.inbox.retention", "0s"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("messaging.inbox.retention");
        assertThatThrownBy(() -> bind(Map.of("messaging.inbox.prune-batch-size", "-5")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("messaging.consumer.attempts", "0"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("messaging.consumer.attempts");
        assertThatThrownBy(() -> bind(Map.of("messaging.topics.partitions", "0"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("messaging.relay.offsets-replication-factor", "0")))
                .isInstanceOf(BindException.class);
    }
}
