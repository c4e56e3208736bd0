package dev.userdeletion.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from embedded binaries (a child process) and a KRaft broker in this JVM. Either can be stopped and
 * started again on the same port with the same data, as a server restarts in production.
 */
final class EmbeddedInfrastructure extends LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Path dataDir;
    private final boolean temporary;
    private final int pgPort;
    private final int kafkaPort;
    private final int controllerPort;
    private final Object lock = new Object();
    private EmbeddedPostgres postgres; // null while stopped
    private KraftBroker kafka; // null while stopped

    private EmbeddedInfrastructure(Path dataDir, boolean temporary, int pgPort, int kafkaPort, int controllerPort) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.pgPort = pgPort;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
    }

    static EmbeddedInfrastructure startEmbedded(Path dataDir, int pgPort, int kafkaPort, boolean keepData,
                                            List<String> databases) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start local infrastructure in " + dataDir, e);
        }
        int[] ports = freePorts(3);
        int clientPort = kafkaPort == 0 ? ports[0] : kafkaPort;
        int controllerPort = ports[0] == clientPort ? ports[1] : ports[0];
        int postgresPort = pgPort != 0 ? pgPort : ports[2];
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(dataDir, !keepData, postgresPort, clientPort,
                controllerPort);
        if (!keepData) {
            deleteRecursively(dataDir.resolve("postgres"));
        }
        infra.postgres = infra.newPostgres();
        try {
            infra.kafka = KraftBroker.start(dataDir.resolve("kafka"), clientPort, controllerPort, keepData);
        } catch (RuntimeException e) {
            infra.stopPostgres();
            throw e;
        }
        databases.forEach(infra::createDatabaseIfAbsent);
        log.info("PostgreSQL on port {} and Kafka on {} ready in {} ms", postgresPort, infra.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return infra;
    }

    /** Never cleaned by the library (that would happen when it stops): a restart must find the data again. */
    private EmbeddedPostgres newPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(pgPort)
                    .setDataDirectory(dataDir.resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL in " + dataDir, e);
        }
    }

    @Override
    public int postgresPort() {
        return pgPort;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + pgPort + "/" + database;
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    @Override
    protected Connection adminConnection() throws SQLException {
        EmbeddedPostgres current;
        synchronized (lock) {
            current = postgres;
        }
        if (current == null) {
            throw new SQLException("PostgreSQL is stopped", "08001");
        }
        return current.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() {
        try {
            stopKafka();
        } finally {
            stopPostgresForGood();
        }
    }

    @Override
    void stopPostgresForGood() {
        stopPostgres();
        if (temporary) {
            deleteRecursively(dataDir.resolve("postgres"));
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    @Override
    public void stopPostgres() {
        EmbeddedPostgres running;
        synchronized (lock) {
            running = postgres;
            postgres = null;
        }
        if (running != null) {
            long started = System.nanoTime();
            try {
                running.close(); // pg_ctl stop -m fast: every session is ended, as in a restart or a failover
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly", e);
            }
            awaitPostmasterGone();
            log.info("PostgreSQL stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * pg_ctl gives up waiting after 5 s, but the server may still be shutting down (a fast shutdown waits until its
     * walsenders have sent the shutdown checkpoint, up to {@code wal_sender_timeout}): a restart must wait until it
     * is gone.
     */
    private void awaitPostmasterGone() {
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (Files.exists(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (Files.exists(pid)) {
            log.warn("PostgreSQL in {} has not stopped after 90 s", dataDir);
        }
    }

    @Override
    public void startPostgres() {
        synchronized (lock) {
            if (postgres == null) {
                postgres = newPostgres();
                log.info("PostgreSQL started again on port {}", pgPort);
            }
        }
    }

    @Override
    public void stopKafka() {
        KraftBroker running;
        synchronized (lock) {
            running = kafka;
            kafka = null;
        }
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void startKafka() {
        synchronized (lock) {
            if (kafka == null) {
                kafka = KraftBroker.start(dataDir.resolve("kafka"), kafkaPort, controllerPort, true);
                log.info("Kafka started again on {}", bootstrapServers());
            }
        }
    }
}
