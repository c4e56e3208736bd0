package dev.userdeletion.messaging.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.messaging.MessagingProperties;
import dev.userdeletion.messaging.consumer.ConsumerHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service whose Kafka cannot be reached is not ready, although its consumers and producers only wait and never
 * fail; a service whose Kafka answers is.
 */
class BrokerReachabilityIT {

    private static final MessagingProperties.Broker FAST = new MessagingProperties.Broker(Duration.ofMillis(300),
            Duration.ofSeconds(1));

    @Test
    void kafkaThatCannotBeReachedMakesMessagingDown() throws Exception {
        int nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = socket.getLocalPort();
        }
        BrokerReachability broker = new BrokerReachability(Map.of("bootstrap.servers", "localhost:" + nobodyListens),
                FAST, Clock.systemUTC());
        MessagingHealthIndicator health = health(broker);
        broker.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> broker.problem().isPresent());
            assertThat(broker.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("Kafka not reached for"));
            assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(broker.lastReached()).isNull();
        } finally {
            broker.stop();
        }
    }

    @Test
    void kafkaThatAnswersKeepsMessagingUp() {
        BrokerReachability broker = new BrokerReachability(
                Map.of("bootstrap.servers", SharedInfrastructure.get().bootstrapServers()), FAST, Clock.systemUTC());
        broker.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> broker.lastReached() != null);
            assertThat(broker.problem()).isEmpty();
            assertThat(health(broker).health().getStatus().getCode()).isEqualTo("UP");
        } finally {
            broker.stop();
        }
    }

    private static MessagingHealthIndicator health(BrokerReachability broker) {
        return new MessagingHealthIndicator(new ConsumerHealth(new SimpleMeterRegistry(), Clock.systemUTC()), null,
                broker, Duration.ofSeconds(5));
    }
}
