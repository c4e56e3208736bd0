package dev.userdeletion.localstack.faults;

import dev.userdeletion.localstack.Stack;
import dev.userdeletion.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stacks of their own for the fault tests: they stop the broker and PostgreSQL and kill services, which the stack the
 * other end-to-end tests share must never see. Service addresses in front of the instances, so that the stack can grow
 * to two instances and callers survive the death of one; the settings of {@link FaultRun#STACK_SETTINGS}.
 */
final class FaultStacks {

    /** Users deleted per scenario, and one in this many is also on a second platform (refused, handed to the CSM). */
    static final int USERS = 2_000;
    static final int MULTI_PLATFORM_EVERY = 20;

    private FaultStacks() {
    }

    static Stack start(String name, int instances) {
        try {
            Path root = Path.of(System.getProperty("stack.repository-root", "..")).toAbsolutePath().normalize();
            Path dataDir = Files.createTempDirectory(name);
            return Stack.start(new StackConfig(root, dataDir, false, 0, 0, 0, StackConfig.Ports.ANY_FREE,
                    List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
                    .withInstances(instances).withServiceAddresses().withServiceProperties(FaultRun.STACK_SETTINGS)
                    .withoutGateway());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
