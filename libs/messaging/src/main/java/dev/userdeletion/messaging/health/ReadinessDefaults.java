package dev.userdeletion.messaging.health;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every service has {@code /actuator/health/liveness} and {@code /actuator/health/readiness}, also outside
 * Kubernetes, and its readiness says whether it can do its work: its database answers and its messaging is
 * running ({@link MessagingHealthIndicator}). With the database gone, whatever waits for a pooled connection (a
 * request, a listener, a scheduled task, the {@code db} readiness check) gives up after 5 s instead of Hikari's
 * 30 s, so readiness answers DOWN promptly and a shutdown is not held up; a lifecycle phase of a shutdown waits at
 * most 10 s (Spring's default is 30 s; see also {@code ShutdownDeadline}). Defaults: a service may set the
 * properties otherwise.
 */
public class ReadinessDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.endpoint.health.probes.enabled", "true",
            "management.endpoint.health.group.readiness.include", "readinessState,db,messaging",
            "spring.lifecycle.timeout-per-shutdown-phase", "10s",
            "spring.datasource.hikari.connection-timeout", "5000");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("messaging-readiness-defaults", DEFAULTS));
    }
}
