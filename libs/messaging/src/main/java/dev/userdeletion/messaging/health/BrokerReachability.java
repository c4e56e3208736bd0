package dev.userdeletion.messaging.health;

import dev.userdeletion.messaging.MessagingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Whether this service can reach Kafka. A consumer or producer whose broker is away does not fail: it waits and
 * retries, and a listener just receives nothing, so nothing else would tell. A background thread asks the cluster
 * for its id every {@code messaging.broker.check-interval}; {@link #problem()} reports Kafka unreachable once no
 * check has succeeded for {@code messaging.broker.unready-after}, and {@link MessagingHealthIndicator} turns that
 * into readiness DOWN.
 */
public class BrokerReachability implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BrokerReachability.class);

    private final Map<String, Object> adminConfig;
    private final MessagingProperties.Broker settings;
    private final Clock clock;
    private volatile boolean running;
    private volatile Instant startedAt;
    private volatile Instant lastReached;
    private volatile String lastFailure;
    private ScheduledExecutorService checks;
    private Admin admin;

    public BrokerReachability(Map<String, Object> adminConfig, MessagingProperties.Broker settings, Clock clock) {
        this.adminConfig = new HashMap<>(adminConfig);
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.checkInterval().toMillis());
        this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "broker-reachability");
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        startedAt = clock.instant();
        admin = Admin.create(adminConfig);
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-reachability");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::check, 0, settings.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        checks.shutdownNow();
        admin.close(Duration.ZERO); // pending checks are abandoned: a shutdown must not wait for a broker that is away
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Kafka unreachable for longer than {@code unready-after}, and why; empty while reachable or not started. */
    public Optional<String> problem() {
        if (!running) {
            return Optional.empty();
        }
        Instant since = lastReached != null ? lastReached : startedAt;
        Instant now = clock.instant();
        if (since.plus(settings.unreadyAfter()).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of("Kafka not reached for " + Duration.between(since, now).toSeconds() + " s"
                + (lastFailure == null ? "" : " (" + lastFailure + ")"));
    }

    /** When a check last reached Kafka; null if none has yet. */
    public Instant lastReached() {
        return lastReached;
    }

    void check() {
        long timeout = settings.checkInterval().toMillis();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout)).clusterId()
                    .get(timeout + 1000, TimeUnit.MILLISECONDS);
            if (lastFailure != null) {
                log.info("Kafka is reachable again");
            }
            lastFailure = null;
            lastReached = clock.instant();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (lastFailure == null) {
                log.warn("Kafka cannot be reached: {}", cause.toString());
            }
            lastFailure = cause.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastFailure = e.getClass().getSimpleName();
            log.warn("Checking whether Kafka is reachable failed", e);
        }
    }
}
