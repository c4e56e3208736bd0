package dev.userdeletion.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read model's database gets a PostgreSQL server of its own, without logical decoding, so that the relays'
 * walsenders in the main server never read its WAL; the services reach each database through {@code jdbcUrl}, a
 * database outage stops both servers, and either can stop alone. Its own servers, so that stopping them disturbs no other test.
 */
class ReadModelServerTest {

    private static Path dir;
    private static LocalInfrastructure infra;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("infra-read-model");
        infra = LocalInfrastructure.start(dir, 0, 0, false, List.of("writes"), List.of("reads"));
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void theReadModelLivesInASecondServerWithoutLogicalDecoding() throws Exception {
        assertThat(infra.postgresPort("reads")).isNotEqualTo(infra.postgresPort("writes"));
        assertThat(infra.postgresPort("writes")).isEqualTo(infra.postgresPort());
        assertThat(infra.postgresPorts()).containsExactly(infra.postgresPort(), infra.postgresPort("reads"));
        assertThat(show("writes", "wal_level")).isEqualTo("logical");
        assertThat(show("reads", "wal_level")).isEqualTo("replica");
        assertThat(databasesOn(infra.postgresPort())).contains("writes").doesNotContain("reads");
        assertThat(databasesOn(infra.postgresPort("reads"))).contains("reads").doesNotContain("writes");
    }

    @Test
    void aFaultOnTheReadModelReachesItsOwnServer() throws Exception {
        try (LocalInfrastructure.Fault ignored = infra.readOnly("reads");
             Connection c = connect("reads")) {
            assertThatThrownBy(() -> c.createStatement().execute("CREATE TABLE refused (id int)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        }
        try (Connection c = connect("reads")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS accepted (id int)");
        }
    }

    @Test
    void bothServersStopAndComeBackWithTheirRows() throws Exception {
        try (Connection c = connect("reads")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS kept (id int PRIMARY KEY)");
            c.createStatement().execute("INSERT INTO kept VALUES (1) ON CONFLICT DO NOTHING");
        }
        infra.stopPostgres();
        try {
            assertThatThrownBy(() -> connect("writes")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect("reads")).isInstanceOf(SQLException.class);
        } finally {
            infra.startPostgres();
        }
        try (Connection c = connect("reads");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kept")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void theReadModelsServerStopsAloneWhileTheMainOneServes() throws Exception {
        infra.stopPostgresOf("reads");
        try {
            assertThatThrownBy(() -> connect("reads")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
            assertThat(show("writes", "wal_level")).isEqualTo("logical");
        } finally {
            infra.startPostgresOf("reads");
        }
        assertThat(show("reads", "wal_level")).isEqualTo("replica");
    }

    @Test
    void keptDataWithTheReadModelInTheMainServerIsRefusedWithWhatToDo() throws Exception {
        Path old = Files.createTempDirectory("infra-earlier-layout");
        // as versions before the read model's own server kept it: every database in the one server
        LocalInfrastructure.start(old, 0, 0, true, List.of("writes", "reads")).close();
        assertThatThrownBy(() -> LocalInfrastructure.start(old, 0, 0, true, List.of("writes"), List.of("reads")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keeps the database reads in the main PostgreSQL server")
                .hasMessageContaining("--fresh");
        // and the refusal stopped the servers it had started: the data can be started on again
        LocalInfrastructure.start(old, 0, 0, false, List.of("writes"), List.of("reads")).close();
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(database), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
    }

    private static String show(String database, String setting) throws SQLException {
        try (Connection c = connect(database); ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> databasesOn(int port) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                LocalInfrastructure.DB_USER, LocalInfrastructure.DB_PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
