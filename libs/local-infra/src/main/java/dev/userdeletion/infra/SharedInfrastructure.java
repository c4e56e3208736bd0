package dev.userdeletion.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * One {@link LocalInfrastructure} per JVM, started on first use and stopped when the JVM exits, so
 * every integration test class of a module shares the same PostgreSQL server and Kafka broker.
 * Test classes keep themselves apart with their own databases, topics and consumer groups. With
 * {@code -Dinfra=testcontainers} the servers run as containers instead; without a Docker engine the
 * tests are then skipped (aborted), not failed.
 */
public final class SharedInfrastructure {

    private static LocalInfrastructure instance;
    private static LocalTokenIssuer tokens;

    private SharedInfrastructure() {
    }

    /** System property that selects Testcontainers instead of the in-process servers. */
    public static final String MODE_PROPERTY = "infra";

    public static synchronized LocalInfrastructure get() {
        if (instance == null && "testcontainers".equals(System.getProperty(MODE_PROPERTY))) {
            if (!ContainerInfrastructure.dockerAvailable()) {
                throw new TestAbortedException("-Dinfra=testcontainers needs a Docker engine; none is available here");
            }
            instance = ContainerInfrastructure.startContainers();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "infra-shutdown"));
        }
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("user-deletion-infra");
                instance = LocalInfrastructure.start(dir, 0, 0, false, List.of());
                LocalInfrastructure started = instance;
                // Shutdown hooks run concurrently with the test contexts' own: stopping the in-process
                // broker there would leave their relays and consumers retrying it until the fork is
                // killed. The broker dies with the JVM; only the PostgreSQL child process needs stopping.
                Runtime.getRuntime().addShutdownHook(new Thread(started::stopPostgresForGood, "infra-shutdown"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return instance;
    }

    /**
     * The token issuer every service under test trusts (add its {@link LocalTokenIssuer#springProperties()}
     * to the test context); one key pair per JVM.
     */
    public static synchronized LocalTokenIssuer tokens() {
        if (tokens == null) {
            tokens = LocalTokenIssuer.temporary();
        }
        return tokens;
    }

    /** Shared infrastructure with {@code database} created. */
    public static LocalInfrastructure withDatabase(String database) {
        LocalInfrastructure infra = get();
        infra.createDatabaseIfAbsent(database);
        return infra;
    }
}
