package dev.userdeletion.messaging.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A shutdown asked for by the process's signal (SIGTERM) ends within {@code messaging.shutdown.deadline}, whatever
 * hangs: a scheduled task waiting for a database connection that will not come, a client waiting for a broker that is
 * gone. Each lifecycle phase already gives up after {@code spring.lifecycle.timeout-per-shutdown-phase}; if the whole
 * shutdown still runs at the deadline, the threads still busy are logged and the process halts, as an orchestrator's
 * SIGKILL would a little later. Nothing is lost by that: every state change is committed with its outbox rows and
 * every consumed record is acknowledged after its transaction, so what was in flight is done again after the restart.
 * Armed only when Spring Boot's own shutdown hook closes the context, i.e. a service asked to stop: never for a
 * context closed while the JVM keeps running, nor for test contexts (the test framework closes those itself).
 */
public class ShutdownDeadline implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDeadline.class);
    /** The exit status of a JVM ended by SIGTERM. */
    static final int TERMINATED = 143;
    /** The thread Spring Boot closes a {@code SpringApplication}'s context on when the JVM is asked to stop. */
    static final String BOOT_SHUTDOWN_HOOK = "SpringApplicationShutdownHook";

    private final Duration deadline;
    private final AtomicBoolean armed = new AtomicBoolean();

    public ShutdownDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (!BOOT_SHUTDOWN_HOOK.equals(Thread.currentThread().getName()) || !jvmShuttingDown()
                || !armed.compareAndSet(false, true)) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadline.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.error("The shutdown did not finish within {} s; halting. Still running: {}", deadline.toSeconds(),
                    busyThreads());
            Runtime.getRuntime().halt(TERMINATED);
        }, "shutdown-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** True while the JVM runs its shutdown hooks (a signal, System.exit): no hook can be added then. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    private static String busyThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> !e.getKey().isDaemon() && e.getKey().isAlive() && e.getValue().length > 0)
                .map(e -> e.getKey().getName() + " at " + e.getValue()[0])
                .collect(Collectors.joining("; "));
    }
}
