package dev.userdeletion.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TestcontainersModeTest {

    @Test
    void withoutDockerTheOptInModeSkipsInsteadOfFailing() {
        if (ContainerInfrastructure.dockerAvailable()) {
            return; // covered by running the suite with -Dinfra=testcontainers on a Docker machine
        }
        String before = System.getProperty(SharedInfrastructure.MODE_PROPERTY);
        System.setProperty(SharedInfrastructure.MODE_PROPERTY, "testcontainers");
        try {
            assertThatThrownBy(SharedInfrastructure::get).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("Docker");
        } finally {
            if (before == null) {
                System.clearProperty(SharedInfrastructure.MODE_PROPERTY);
            } else {
                System.setProperty(SharedInfrastructure.MODE_PROPERTY, before);
            }
        }
        assertThat(SharedInfrastructure.get().bootstrapServers()).startsWith("localhost:");
    }
}
