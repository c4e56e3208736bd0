package dev.userdeletion.messaging.topics;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code erasure} in {@code /actuator/health}: the bound in force, and the topics the broker would not let this
 * service bound ({@code messaging.erasure.when-refused=WARN} only). It stays UP either way: the service works, and
 * refusing traffic would not make the broker compact; {@code bounded: false} and the gauge
 * {@code messaging_erasure_unbounded_topics} are what to alert on.
 */
public class ErasureHealthIndicator implements HealthIndicator {

    private final TopicProvisioner provisioner;
    private final ErasureSettings settings;

    public ErasureHealthIndicator(TopicProvisioner provisioner, ErasureSettings settings) {
        this.provisioner = provisioner;
        this.settings = settings;
    }

    @Override
    public Health health() {
        Map<String, String> unbounded = provisioner.unboundedTopics();
        Health.Builder health = Health.up().withDetail("bound", settings.bound().toString())
                .withDetail("bounded", unbounded.isEmpty());
        if (!unbounded.isEmpty()) {
            health.withDetail("unboundedTopics", unbounded);
        }
        return health.build();
    }
}
