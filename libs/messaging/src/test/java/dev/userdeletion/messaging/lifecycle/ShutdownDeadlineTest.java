package dev.userdeletion.messaging.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The shutdown deadline arms only for a shutdown of the JVM (a signal): a context closed while the JVM runs on, as
 * test contexts are, is never halted. (That it halts a real service in time is shown by the fault harness.)
 */
class ShutdownDeadlineTest {

    @Test
    void aContextClosedWhileTheJvmRunsOnIsNotHalted() throws Exception {
        assertThat(ShutdownDeadline.jvmShuttingDown()).isFalse();
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.refresh();
            new ShutdownDeadline(Duration.ofMillis(1)).onApplicationEvent(new ContextClosedEvent(context));
        }
        Thread.sleep(200); // a deadline of 1 ms would have halted this JVM by now
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("shutdown-deadline"));
    }
}
