package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's JVMs get the options of every service, then their own, whatever else the configuration changes. */
class StackConfigTest {

    private final StackConfig config = new StackConfig(Path.of("."), Path.of("data"), false, 0, 0, 0,
            StackConfig.Ports.ANY_FREE, List.of("-Xmx512m"));

    @Test
    void aServiceWithOptionsOfItsOwnGetsThemAfterTheCommonOnes() {
        StackConfig tuned = config.withJvmOptions(Stack.MEMBERSHIP, List.of("-XX:ParallelGCThreads=8"))
                .withJvmOptions(Stack.MEMBERSHIP, List.of("-XX:ConcGCThreads=1"));

        assertThat(tuned.jvmOptions(Stack.MEMBERSHIP))
                .containsExactly("-Xmx512m", "-XX:ParallelGCThreads=8", "-XX:ConcGCThreads=1");
        assertThat(tuned.jvmOptions(Stack.USER_QUERY)).containsExactly("-Xmx512m");
    }

    @Test
    void theOtherSettingsKeepTheServicesOptions() {
        StackConfig tuned = config.withJvmOptions(Stack.ORCHESTRATOR, List.of("-XX:ParallelGCThreads=8"))
                .withInstances(2).withServiceProperties(Map.of("a", "b")).withoutGateway().withServiceAddresses();

        assertThat(tuned.jvmOptions(Stack.ORCHESTRATOR)).containsExactly("-Xmx512m", "-XX:ParallelGCThreads=8");
        assertThat(tuned.instances()).isEqualTo(2);
    }
}
