package dev.userdeletion.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The same servers as Docker containers, for machines that have a Docker engine ({@code -Dinfra=testcontainers}). */
final class ContainerInfrastructure extends LocalInfrastructure {

    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;

    private ContainerInfrastructure(PostgreSQLContainer postgres, KafkaContainer kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerInfrastructure startContainers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17")
                .withUsername(DB_USER).withPassword(DB_PASSWORD)
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20", "-c", "max_connections=300");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
        postgres.start();
        kafka.start();
        return new ContainerInfrastructure(postgres, kafka);
    }

    @Override
    public int postgresPort() {
        return postgres.getMappedPort(5432);
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgresPort() + "/" + database;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void stopPostgres() {
        postgres.stop();
    }

    /** Not offered: a stopped container comes back on other mapped ports. The fault tests need the embedded servers. */
    @Override
    public void startPostgres() {
        throw new UnsupportedOperationException("Restarting PostgreSQL needs the embedded servers (not -Dinfra=testcontainers)");
    }

    @Override
    public void stopKafka() {
        throw new UnsupportedOperationException("Stopping Kafka needs the embedded servers (not -Dinfra=testcontainers)");
    }

    @Override
    public void startKafka() {
        throw new UnsupportedOperationException("Starting Kafka needs the embedded servers (not -Dinfra=testcontainers)");
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }

    @Override
    protected Connection adminConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), DB_USER, DB_PASSWORD);
    }
}
