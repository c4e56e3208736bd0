package dev.userdeletion.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server ({@code wal_level=logical}; the local run adds a second one for the read model) and a
 * real Kafka broker for integration tests and the local run; nothing is mocked, so code tested against it behaves as it will against the
 * production servers. By default both run without Docker (embedded PostgreSQL binaries, an
 * in-process KRaft broker); tests can opt into Testcontainers with {@code -Dinfra=testcontainers}.
 */
public abstract class LocalInfrastructure implements AutoCloseable {

    /** PostgreSQL superuser; the local servers listen on loopback only. */
    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";

    /**
     * Starts PostgreSQL and Kafka in-process.
     *
     * @param dataDir    where both keep their data; kept across starts when {@code keepData}
     * @param pgPort     PostgreSQL port, 0 for any free port
     * @param kafkaPort  Kafka client port, 0 for any free port
     * @param databases  databases to create if absent (one per service)
     */
    public static LocalInfrastructure start(Path dataDir, int pgPort, int kafkaPort, boolean keepData,
                                            List<String> databases) {
        return start(dataDir, pgPort, kafkaPort, keepData, databases, List.of());
    }

    /**
     * Starts PostgreSQL and Kafka in-process, with the read models' databases in a second PostgreSQL server that has
     * no logical decoding (on {@code pgPort + 1}, or any free port when {@code pgPort} is 0): the relays' walsenders
     * then do not read the read models' WAL, which is most of the ingest's.
     */
    public static LocalInfrastructure start(Path dataDir, int pgPort, int kafkaPort, boolean keepData,
                                            List<String> databases, List<String> readModelDatabases) {
        return EmbeddedInfrastructure.startEmbedded(dataDir, pgPort, kafkaPort, keepData, databases,
                readModelDatabases);
    }

    /** The port of the main PostgreSQL server, the one with logical decoding. */
    public abstract int postgresPort();

    /** The port of the PostgreSQL server that holds {@code database}. */
    public int postgresPort(String database) {
        return postgresPort();
    }

    /** Every PostgreSQL server's port, the main one first. */
    public List<Integer> postgresPorts() {
        return List.of(postgresPort());
    }

    public abstract String jdbcUrl(String database);

    public abstract String bootstrapServers();

    /**
     * Stops PostgreSQL, every server (a fast shutdown: every session is ended, as in a restart or a failover). Also
     * what a JVM that is exiting anyway calls to stop the child processes.
     */
    public abstract void stopPostgres();

    /**
     * Stops only the PostgreSQL server that holds {@code database}, with every database on it (a fast shutdown); the
     * other server keeps running. With one server, the same as {@link #stopPostgres()}.
     */
    public void stopPostgresOf(String database) {
        stopPostgres();
    }

    /** Starts the server that holds {@code database} again after {@link #stopPostgresOf}: same port, same data. */
    public void startPostgresOf(String database) {
        startPostgres();
    }

    /** Stops PostgreSQL for the last time: a temporary data directory is deleted too. */
    void stopPostgresForGood() {
        stopPostgres();
    }

    /** Starts PostgreSQL again after {@link #stopPostgres()}: same port, same data (slots, databases, rows). */
    public abstract void startPostgres();

    /** Stops the Kafka broker (a controlled shutdown: clients see it go and retry). */
    public abstract void stopKafka();

    /** Starts the Kafka broker again after {@link #stopKafka()}: same ports, same log (topics, records, offsets). */
    public abstract void startKafka();

    @Override
    public abstract void close();

    /** A superuser's connection to the server that holds {@code database}. */
    protected abstract Connection adminConnection(String database) throws SQLException;

    /** Spring properties that point a service at this infrastructure. */
    public Map<String, String> springProperties(String database) {
        return Map.of(
                "spring.datasource.url", jdbcUrl(database),
                "spring.datasource.username", DB_USER,
                "spring.datasource.password", DB_PASSWORD,
                "spring.kafka.bootstrap-servers", bootstrapServers());
    }

    public void createDatabaseIfAbsent(String database) {
        checkName(database);
        try (Connection c = adminConnection(database);
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

    /** A fault that lasts until it is closed. */
    public interface Fault extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * {@code database} refuses writes until the returned fault is closed, as sessions see it while a primary is being
     * demoted or a standby answers: every new transaction is read-only (SQLSTATE 25006), and the sessions open now are
     * ended (57P01, as in a failover) so that none keeps writing. Closing it ends the read-only sessions again.
     */
    public Fault readOnly(String database) {
        checkName(database);
        admin(database, "ALTER DATABASE " + database + " SET default_transaction_read_only = on");
        terminateSessions(database);
        return () -> {
            admin(database, "ALTER DATABASE " + database + " RESET default_transaction_read_only");
            terminateSessions(database);
        };
    }

    /** {@code database} refuses new connections and its sessions are ended, until the returned fault is closed. */
    public Fault refuseConnections(String database) {
        checkName(database);
        admin(database, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
        terminateSessions(database);
        return () -> admin(database, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
    }

    private void terminateSessions(String database) {
        try (Connection c = adminConnection(database);
             var terminate = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            terminate.setString(1, database);
            terminate.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not end the sessions of " + database, e);
        }
    }

    private void admin(String database, String statement) {
        try (Connection c = adminConnection(database); var s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + statement, e);
        }
    }

    private static void checkName(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
    }

    static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * {@code count} distinct free ports. The sockets are held open together while the ports are read: asked one
     * after the other, the system may hand out the same just-closed port twice (it did: Kafka refused to start with
     * its client and controller listeners on one port).
     */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                socket.setReuseAddress(true);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // only reserved for reading its number; nothing to release beyond this
                }
            }
        }
    }
}
