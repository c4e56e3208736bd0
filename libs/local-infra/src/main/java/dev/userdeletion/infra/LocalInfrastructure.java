package dev.userdeletion.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (embedded binaries, {@code wal_level=logical}) and a real single-node
 * KRaft Kafka broker, both in this JVM. Used by integration tests and by the local run; nothing is
 * mocked, so code tested against it behaves as it will against the production servers.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    /** PostgreSQL superuser of the embedded server; the local server is on loopback only. */
    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final KraftBroker kafka;

    private LocalInfrastructure(EmbeddedPostgres postgres, KraftBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /**
     * Starts PostgreSQL and Kafka.
     *
     * @param dataDir    where both keep their data; kept across starts when {@code keepData}
     * @param pgPort     PostgreSQL port, 0 for any free port
     * @param kafkaPort  Kafka client port, 0 for any free port
     * @param databases  databases to create if absent (one per service)
     */
    public static LocalInfrastructure start(Path dataDir, int pgPort, int kafkaPort, boolean keepData,
                                            List<String> databases) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(pgPort == 0 ? freePort() : pgPort)
                    .setDataDirectory(dataDir.resolve("postgres"))
                    .setCleanDataDirectory(!keepData)
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
            KraftBroker kafka;
            try {
                kafka = KraftBroker.start(dataDir.resolve("kafka"), kafkaPort == 0 ? freePort() : kafkaPort,
                        freePort(), keepData);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            LocalInfrastructure infra = new LocalInfrastructure(postgres, kafka);
            databases.forEach(infra::createDatabaseIfAbsent);
            log.info("PostgreSQL on port {} and Kafka on {} ready in {} ms", postgres.getPort(),
                    kafka.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
            return infra;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start local infrastructure in " + dataDir, e);
        }
    }

    public int postgresPort() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Spring properties that point a service at this infrastructure. */
    public Map<String, String> springProperties(String database) {
        return Map.of(
                "spring.datasource.url", jdbcUrl(database),
                "spring.datasource.username", DB_USER,
                "spring.datasource.password", DB_PASSWORD,
                "spring.kafka.bootstrap-servers", bootstrapServers());
    }

    public void createDatabaseIfAbsent(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly", e);
            }
        }
    }

    /** Stops only PostgreSQL (a child process); for a JVM that is exiting anyway. */
    public void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
