package dev.userdeletion.messaging;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every service's PostgreSQL connections run with pgjdbc's {@code logServerErrorDetail=false}: the server's
 * {@code DETAIL} of an error (e.g. {@code Key (email)=(ann@example.com) already exists}) stays out of exception
 * messages, and so out of logs and dead-letter headers. Rows hold emails, and logs carry ids only. A default
 * (lowest precedence) of the pool's driver properties, so a service's own {@code data-source-properties} add to
 * it; setting this one back to {@code true} is possible but would leak row values.
 */
public class NoRowValuesInSqlErrors implements EnvironmentPostProcessor {

    static final String PROPERTY = "spring.datasource.hikari.data-source-properties.logServerErrorDetail";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("no-row-values-in-sql-errors",
                Map.of(PROPERTY, "false")));
    }
}
