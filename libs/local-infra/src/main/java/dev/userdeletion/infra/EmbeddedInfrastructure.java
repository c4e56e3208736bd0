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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from embedded binaries (child processes) and a KRaft broker in this JVM. Either can be stopped and
 * started again on the same ports with the same data, as a server restarts in production.
 *
 * <p>The databases live in the main server ({@code wal_level=logical}: the relays decode its WAL), except those asked
 * for as read models, which get a second server of their own without logical decoding: every relay's walsender reads
 * the whole WAL of its server, so a read model that writes as much as the ingest does would be read three times over
 * for nothing.
 */
final class EmbeddedInfrastructure extends LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    /** The main server, then the read models' if there is one. */
    private final List<Server> servers;
    private final Server main;
    private final Server readModel; // null without read models
    private final Set<String> readModelDatabases;
    private final Path dataDir;
    private final int kafkaPort;
    private final int controllerPort;
    private final Object lock = new Object();
    private KraftBroker kafka; // null while stopped

    /** One PostgreSQL server: its data directory (kept across restarts), port and settings. */
    private static final class Server {
        final Path dir;
        final boolean temporary;
        final int port;
        final boolean logicalDecoding;
        EmbeddedPostgres process; // null while stopped; guarded by the infrastructure's lock

        Server(Path dir, boolean temporary, int port, boolean logicalDecoding) {
            this.dir = dir;
            this.temporary = temporary;
            this.port = port;
            this.logicalDecoding = logicalDecoding;
        }

        /** Never cleaned by the library (that would happen when it stops): a restart must find the data again. */
        EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder()
                        .setPort(port)
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("wal_level", logicalDecoding ? "logical" : "replica")
                        .setServerConfig("max_replication_slots", "20")
                        .setServerConfig("max_wal_senders", "20")
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("shared_buffers", "256MB")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start PostgreSQL in " + dir, e);
            }
        }
    }

    private EmbeddedInfrastructure(Path dataDir, Server main, Server readModel, List<String> readModelDatabases,
                                   int kafkaPort, int controllerPort) {
        this.dataDir = dataDir;
        this.main = main;
        this.readModel = readModel;
        this.readModelDatabases = Set.copyOf(readModelDatabases);
        this.servers = readModel == null ? List.of(main) : List.of(main, readModel);
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
    }

    static EmbeddedInfrastructure startEmbedded(Path dataDir, int pgPort, int kafkaPort, boolean keepData,
                                                List<String> databases, List<String> readModelDatabases) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start local infrastructure in " + dataDir, e);
        }
        int[] ports = freePorts(4);
        int clientPort = kafkaPort == 0 ? ports[0] : kafkaPort;
        int controllerPort = ports[0] == clientPort ? ports[1] : ports[0];
        int postgresPort = pgPort != 0 ? pgPort : ports[2];
        Server main = new Server(dataDir.resolve("postgres"), !keepData, postgresPort, true);
        Server readModel = readModelDatabases.isEmpty() ? null : new Server(dataDir.resolve("postgres-read-model"),
                !keepData, pgPort != 0 ? pgPort + 1 : ports[3], false);
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(dataDir, main, readModel, readModelDatabases,
                clientPort, controllerPort);
        if (!keepData) {
            infra.servers.forEach(server -> deleteRecursively(server.dir));
        }
        try {
            infra.startPostgres();
            infra.refuseDataOfAnEarlierLayout(readModelDatabases);
            infra.kafka = KraftBroker.start(dataDir.resolve("kafka"), clientPort, controllerPort, keepData);
        } catch (RuntimeException e) {
            infra.stopPostgres();
            throw e;
        }
        databases.forEach(infra::createDatabaseIfAbsent);
        readModelDatabases.forEach(infra::createDatabaseIfAbsent);
        log.info("PostgreSQL on port(s) {} and Kafka on {} ready in {} ms",
                infra.servers.stream().map(s -> String.valueOf(s.port)).toList(), infra.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return infra;
    }

    /**
     * Kept data in which a read model's database is still in the main server was written before read models had a
     * server of their own: its consumers' offsets are in Kafka, so an empty database in the new server would never be
     * filled. Starting on it would show no users; the person is told to start afresh instead.
     */
    private void refuseDataOfAnEarlierLayout(List<String> readModelDatabases) {
        for (String database : readModelDatabases) {
            if (databaseExists(main, database)) {
                throw new IllegalStateException("The data in " + dataDir + " keeps the database " + database
                        + " in the main PostgreSQL server, as versions before the read model had a server of its own"
                        + " did: start afresh (./run-local.sh --fresh, which deletes the local data)");
            }
        }
    }

    private boolean databaseExists(Server server, String database) {
        try (Connection c = adminConnection(server);
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the databases of the server on port " + server.port, e);
        }
    }

    private Server serverOf(String database) {
        return readModelDatabases.contains(database) ? readModel : main;
    }

    @Override
    public int postgresPort() {
        return main.port;
    }

    @Override
    public int postgresPort(String database) {
        return serverOf(database).port;
    }

    @Override
    public List<Integer> postgresPorts() {
        return servers.stream().map(server -> server.port).toList();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort(database) + "/" + database;
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    @Override
    protected Connection adminConnection(String database) throws SQLException {
        return adminConnection(serverOf(database));
    }

    private Connection adminConnection(Server server) throws SQLException {
        EmbeddedPostgres current;
        synchronized (lock) {
            current = server.process;
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
        servers.stream().filter(server -> server.temporary).forEach(server -> deleteRecursively(server.dir));
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

    /** Every server (a database outage, as the fault tests need it). */
    @Override
    public void stopPostgres() {
        servers.forEach(this::stop);
    }

    @Override
    public void stopPostgresOf(String database) {
        stop(serverOf(database));
    }

    private void stop(Server server) {
        EmbeddedPostgres running;
        synchronized (lock) {
            running = server.process;
            server.process = null;
        }
        if (running != null) {
            long started = System.nanoTime();
            try {
                running.close(); // pg_ctl stop -m fast: every session is ended, as in a restart or a failover
            } catch (IOException e) {
                log.warn("PostgreSQL on port {} did not stop cleanly", server.port, e);
            }
            awaitPostmasterGone(server);
            log.info("PostgreSQL on port {} stopped in {} ms", server.port, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * pg_ctl gives up waiting after 5 s, but the server may still be shutting down (a fast shutdown waits until its
     * walsenders have sent the shutdown checkpoint, up to {@code wal_sender_timeout}): a restart must wait until it
     * is gone.
     */
    private static void awaitPostmasterGone(Server server) {
        Path pid = server.dir.resolve("postmaster.pid");
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
            log.warn("PostgreSQL in {} has not stopped after 90 s", server.dir);
        }
    }

    @Override
    public void startPostgres() {
        servers.forEach(this::start);
    }

    @Override
    public void startPostgresOf(String database) {
        start(serverOf(database));
    }

    private void start(Server server) {
        synchronized (lock) {
            if (server.process == null) {
                server.process = server.start();
                log.info("PostgreSQL started on port {}", server.port);
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
