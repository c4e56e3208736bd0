package dev.userdeletion.localstack.faults;

import dev.userdeletion.localstack.Stack;
import dev.userdeletion.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stacks of their own for the fault tests: they stop the broker and PostgreSQL and kill services, which the stack the
 * other end-to-end tests share must never see.
 */
final class FaultStacks {

    /** Users deleted per scenario, and one in this many is also on a second platform (refused, handed to the CSM). */
    static final int USERS = 2_000;
    static final int MULTI_PLATFORM_EVERY = 20;

    /**
     * Settings that let a fault land in the middle of a deletion and keep the run short, all documented service
     * properties: 200 records per poll (a deletion of 2,000 users takes ten transactions per consumer instead of one
     * or two), a 10 s consumer session (a paused service is evicted sooner) and a 6 s relay leader timeout.
     */
    static final Map<String, String> FAULT_SETTINGS = Map.of(
            "spring.kafka.consumer.max-poll-records", "200",
            "orchestrator.outcomes.max-poll-records", "200",
            "spring.kafka.consumer.properties.session.timeout.ms", "10000",
            "messaging.relay.leader-check-interval", "1s",
            "messaging.relay.leader-timeout", "6s");

    private FaultStacks() {
    }

    static Stack start(String name, int instances) {
        try {
            Path root = Path.of(System.getProperty("stack.repository-root", "..")).toAbsolutePath().normalize();
            Path dataDir = Files.createTempDirectory(name);
            return Stack.start(new StackConfig(root, dataDir, false, 0, 0, 0, StackConfig.Ports.ANY_FREE,
                    List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
                    .withInstances(instances).withServiceAddresses().withServiceProperties(FAULT_SETTINGS)
                    .withoutGateway());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
