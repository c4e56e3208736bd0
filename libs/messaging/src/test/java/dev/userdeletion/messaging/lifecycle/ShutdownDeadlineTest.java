package dev.userdeletion.messaging.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The shutdown deadline arms only for a service's own shutdown (Spring Boot's shutdown hook, on a signal): a context
 * closed while the JVM runs on, as test contexts are, is never halted. (That a service stops in time is shown by the
 * fault harness.)
 */
class ShutdownDeadlineTest {

    @Test
    void aContextClosedWhileTheJvmRunsOnIsNotHalted() throws Exception {
        assertThat(ShutdownDeadline.jvmShuttingDown()).isFalse();
        String name = Thread.currentThread().getName();
        Thread.currentThread().setName(ShutdownDeadline.BOOT_SHUTDOWN_HOOK); // even on a thread of that name
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.refresh();
            new ShutdownDeadline(Duration.ofMillis(1)).onApplicationEvent(new ContextClosedEvent(context));
        } finally {
            Thread.currentThread().setName(name);
        }
        Thread.sleep(200); // a deadline of 1 ms would have halted this JVM by now
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("shutdown-deadline"));
    }
}
