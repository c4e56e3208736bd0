package dev.userdeletion.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@link LocalInfrastructure} per JVM, started on first use and stopped when the JVM exits, so
 * every integration test class of a module shares the same PostgreSQL server and Kafka broker.
 * Test classes keep themselves apart with their own databases, topics and consumer groups.
 */
public final class SharedInfrastructure {

    private static LocalInfrastructure instance;

    private SharedInfrastructure() {
    }

    public static synchronized LocalInfrastructure get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("user-deletion-infra");
                instance = LocalInfrastructure.start(dir, 0, 0, false, List.of());
                LocalInfrastructure started = instance;
                // Shutdown hooks run concurrently with the test contexts' own: stopping the in-process
                // broker there would leave their relays and consumers retrying it until the fork is
                // killed. The broker dies with the JVM; only the PostgreSQL child process needs stopping.
                Runtime.getRuntime().addShutdownHook(new Thread(started::stopPostgres, "infra-shutdown"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Shared infrastructure with {@code database} created. */
    public static LocalInfrastructure withDatabase(String database) {
        LocalInfrastructure infra = get();
        infra.createDatabaseIfAbsent(database);
        return infra;
    }
}
