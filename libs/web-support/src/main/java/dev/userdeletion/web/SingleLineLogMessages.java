package dev.userdeletion.web;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Log lines cannot be forged: line breaks inside a log message (say, from a hostile value that reached a
 * message by mistake) are written as {@code " | "}, so every line a service writes starts with its own
 * timestamp and level. Stack traces keep their lines. Each line names the trace and span it belongs to
 * ({@code %correlationId}: {@code [traceId-spanId]} with Micrometer Tracing) and the HTTP request ({@code requestId},
 * see {@link RequestIdFilter}). The patterns are defaults: a service's own {@code logging.pattern.console} /
 * {@code logging.pattern.file} still win, and structured logging ({@code logging.structured.format.console=ecs} or
 * {@code logstash}) writes every MDC key as a JSON field instead.
 */
public class SingleLineLogMessages implements EnvironmentPostProcessor {

    static final String MESSAGE = "%replace(%m){'[\\r\\n\\u2028\\u2029\\u0085]+', ' | '}";
    static final String CONTEXT = "%correlationId%replace([%X{requestId}] ){'^\\[\\] $', ''}"
            + "%replace([request %X{deletionRequestId}] ){'^\\[request \\] $', ''}";
    static final String CONSOLE = "%clr(%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}){faint} %clr(%5p) %clr([%15.15t]){faint} "
            + "%clr(" + CONTEXT + "){faint}%clr(%-40.40logger{39}){cyan} %clr(:){faint} " + MESSAGE + "%n%wEx";
    static final String FILE = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p [%t] " + CONTEXT + "%-40.40logger{39} : "
            + MESSAGE + "%n%wEx";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("single-line-log-messages",
                Map.of("logging.pattern.console", CONSOLE, "logging.pattern.file", FILE)));
    }
}
