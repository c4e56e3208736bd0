package dev.userdeletion.messaging.health;

import dev.userdeletion.messaging.consumer.ConsumerHealth;
import dev.userdeletion.messaging.relay.OutboxRelay;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code messaging} in {@code /actuator/health} (and in the readiness group): DOWN while Kafka cannot be reached
 * ({@link BrokerReachability}), while a listener has been waiting for the infrastructure longer than
 * {@code messaging.consumer.unready-after}, or while the outbox relay is not relaying (see
 * {@link OutboxRelay#status()}; a standby relay of a second instance is UP), so that an orchestrator stops routing to
 * the instance. A relay that has stopped for good also breaks liveness, so the instance is restarted.
 */
public class MessagingHealthIndicator implements HealthIndicator {

    private final ConsumerHealth consumers;
    private final OutboxRelay relay;
    private final BrokerReachability broker;
    private final Duration unreadyAfter;

    /** {@code relay} is null in a service that publishes nothing. */
    public MessagingHealthIndicator(ConsumerHealth consumers, OutboxRelay relay, BrokerReachability broker,
                                    Duration unreadyAfter) {
        this.consumers = consumers;
        this.relay = relay;
        this.broker = broker;
        this.unreadyAfter = unreadyAfter;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<String> unreachable = broker.problem();
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("status", unreachable.isPresent() ? "DOWN" : "UP");
        unreachable.ifPresent(problem -> kafka.put("problem", problem));
        kafka.put("lastReached", broker.lastReached() == null ? "never" : broker.lastReached().toString());
        details.put("kafka", kafka);
        up &= unreachable.isEmpty();
        Map<String, ConsumerHealth.Waiting> waiting = consumers.waitingLongerThan(unreadyAfter);
        if (!waiting.isEmpty()) {
            up = false;
            Map<String, String> listeners = new LinkedHashMap<>();
            waiting.forEach((listener, w) -> listeners.put(listener, "waiting since " + w.since() + " (" + w.reason() + ")"));
            details.put("listenersWaitingForInfrastructure", listeners);
        }
        if (relay != null) {
            OutboxRelay.Status status = relay.status();
            Map<String, Object> relayDetails = new LinkedHashMap<>();
            relayDetails.put("status", status.up() ? "UP" : "DOWN");
            relayDetails.put("role", status.role());
            relayDetails.put("activeRelay", status.activeRelay() == null ? "unknown" : status.activeRelay());
            if (!status.problems().isEmpty()) {
                relayDetails.put("problems", status.problems());
            }
            relayDetails.put("lastConfirmed", status.lastAlive() == null ? "never" : status.lastAlive().toString());
            relayDetails.put("slotLagBytes", status.slotLagBytes() == null ? "unknown" : status.slotLagBytes());
            details.put("outboxRelay", relayDetails);
            up &= status.up();
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
