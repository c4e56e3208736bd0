package dev.userdeletion.messaging.health;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every service has {@code /actuator/health/liveness} and {@code /actuator/health/readiness}, also outside
 * Kubernetes, and its readiness says whether it can do its work: its database answers and its messaging is
 * running ({@link MessagingHealthIndicator}). Defaults: a service may set the properties otherwise.
 */
public class ReadinessDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.endpoint.health.probes.enabled", "true",
            "management.endpoint.health.group.readiness.include", "readinessState,db,messaging");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("messaging-readiness-defaults", DEFAULTS));
    }
}
