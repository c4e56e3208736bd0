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

/** PostgreSQL from embedded binaries (a child process) and a KRaft broker in this JVM. */
final class EmbeddedInfrastructure extends LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final EmbeddedPostgres postgres;
    private final KraftBroker kafka;

    private EmbeddedInfrastructure(EmbeddedPostgres postgres, KraftBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static EmbeddedInfrastructure startEmbedded(Path dataDir, int pgPort, int kafkaPort, boolean keepData,
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
                int[] ports = freePorts(2);
                int clientPort = kafkaPort == 0 ? ports[0] : kafkaPort;
                int controllerPort = ports[0] == clientPort ? ports[1] : ports[0];
                kafka = KraftBroker.start(dataDir.resolve("kafka"), clientPort, controllerPort, keepData);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            EmbeddedInfrastructure infra = new EmbeddedInfrastructure(postgres, kafka);
            databases.forEach(infra::createDatabaseIfAbsent);
            log.info("PostgreSQL on port {} and Kafka on {} ready in {} ms", postgres.getPort(),
                    kafka.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
            return infra;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start local infrastructure in " + dataDir, e);
        }
    }

    @Override
    public int postgresPort() {
        return postgres.getPort();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    protected Connection adminConnection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
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

    @Override
    public void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
    }

}
