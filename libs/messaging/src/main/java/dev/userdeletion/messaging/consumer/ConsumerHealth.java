package dev.userdeletion.messaging.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which listeners are waiting for the infrastructure to come back, since when and why. A listener waiting longer
 * than {@code messaging.consumer.unready-after} makes the service's readiness DOWN (see {@code MessagingHealth}),
 * and {@code messaging.consumer.waiting.seconds{listener}} shows it in the metrics meanwhile.
 */
public class ConsumerHealth {

    private static final Logger log = LoggerFactory.getLogger(ConsumerHealth.class);

    /** Since when a listener fails for a transient reason, and the last such reason (an exception class name). */
    public record Waiting(Instant since, String reason) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Boolean> registered = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;

    public ConsumerHealth(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** The listener's batch failed for a transient reason and will be delivered again after a pause. */
    public void failedTransiently(String listener, Throwable cause) {
        register(listener);
        String reason = rootCause(cause);
        Waiting previous = waiting.putIfAbsent(listener, new Waiting(clock.instant(), reason));
        if (previous == null) {
            log.warn("Listener {} waits for the infrastructure ({}); its records are retried in order until it is back",
                    listener, reason);
        } else {
            waiting.put(listener, new Waiting(previous.since(), reason));
        }
        Counter.builder("messaging.consumer.transient.failures").tag("listener", listener)
                .description("Deliveries that failed for an infrastructure reason and are retried (never dead-lettered)")
                .register(meters).increment();
    }

    /** The listener applied a batch: whatever it waited for is back. */
    public void succeeded(String listener) {
        // the gauge exists (0) from the first batch on, so a dashboard can chart every listener before any wait
        register(listener);
        Waiting was = waiting.remove(listener);
        if (was != null) {
            log.info("Listener {} is running again after waiting {} s for the infrastructure", listener,
                    Duration.between(was.since(), clock.instant()).toSeconds());
        }
    }

    /** Listeners waiting longer than {@code threshold}, with since when and why. */
    public Map<String, Waiting> waitingLongerThan(Duration threshold) {
        Instant limit = clock.instant().minus(threshold);
        Map<String, Waiting> result = new java.util.TreeMap<>();
        waiting.forEach((listener, w) -> {
            if (!w.since().isAfter(limit)) {
                result.put(listener, w);
            }
        });
        return result;
    }

    private void register(String listener) {
        registered.computeIfAbsent(listener, name -> {
            Gauge.builder("messaging.consumer.waiting", this, health -> health.secondsWaiting(name))
                    .tag("listener", name).baseUnit("seconds")
                    .description("How long the listener has been waiting for the infrastructure (0: running)")
                    .register(meters);
            return Boolean.TRUE;
        });
    }

    private double secondsWaiting(String listener) {
        Waiting w = waiting.get(listener);
        return w == null ? 0 : Duration.between(w.since(), clock.instant()).toMillis() / 1000.0;
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }
}
