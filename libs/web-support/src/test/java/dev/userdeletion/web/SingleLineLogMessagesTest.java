package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.logback.CorrelationIdConverter;
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

    @Test
    void eachLineNamesItsRequestAndDeletionRequestWhenItHasThem() {
        String both = render(SingleLineLogMessages.FILE, "Review frozen",
                Map.of("requestId", "r-1", "deletionRequestId", "0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f"));
        assertThat(both).contains("[r-1] [request 0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f] ");
        String neither = render(SingleLineLogMessages.FILE, "Relay started", Map.of());
        assertThat(neither).doesNotContain("[]").doesNotContain("[request ]").contains("Relay started");
    }

    private static String render(String pattern, String message) {
        return render(pattern, message, Map.of());
    }

    private static String render(String pattern, String message, Map<String, String> mdc) {
        LoggerContext context = new LoggerContext();
        // Boot registers %correlationId in its logging configuration; trace ids are empty here
        Map<String, String> rules = new HashMap<>();
        rules.put("correlationId", CorrelationIdConverter.class.getName());
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY, rules);
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        // %wEx is Spring Boot's converter; plain %ex renders the same for this test
        layout.setPattern(pattern.replace("%wEx", "%ex"));
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, null);
        event.setThreadName("main");
        event.setMDCPropertyMap(mdc);
        return layout.doLayout(event);
    }
}
