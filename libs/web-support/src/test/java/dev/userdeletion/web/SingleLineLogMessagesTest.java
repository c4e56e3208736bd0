package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

class SingleLineLogMessagesTest {

    @Test
    void aMessageWithLineBreaksStaysOnOneLine() {
        String rendered = render(SingleLineLogMessages.FILE,
                "Refused platform acme\r\n2026-11-28T10:00:00.000Z  INFO [main] fake : admin deleted everything");
        assertThat(rendered.strip()).doesNotContain("\n").doesNotContain("\r")
                .contains("Refused platform acme | 2026-11-28T10:00:00.000Z  INFO [main] fake");
        assertThat(render(SingleLineLogMessages.FILE, "a\u2028b\u0085c").strip()).contains("a | b | c");
    }

    @Test
    void thePatternsAreDefaultsTheServiceCanOverride() {
        StandardEnvironment environment = new StandardEnvironment();
        new SingleLineLogMessages().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.pattern.file")).isEqualTo(SingleLineLogMessages.FILE);
        assertThat(environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
                .isEqualTo("single-line-log-messages");
    }

    private static String render(String pattern, String message) {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        // %wEx is Spring Boot's converter; plain %ex renders the same for this test
        layout.setPattern(pattern.replace("%wEx", "%ex"));
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, null);
        return layout.doLayout(event);
    }
}
