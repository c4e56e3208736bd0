package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the system was doing when a deletion's progress stopped: each service's threads ({@code jcmd Thread.print})
 * and each database's non-idle sessions ({@code pg_stat_activity}: state, wait event, age of the transaction, the
 * statement), written to one file. A run once took 100 s instead of 15 with nothing in any log; the next one that
 * stalls leaves this behind.
 */
final class StallDiagnostics {

    private static final Logger log = LoggerFactory.getLogger(StallDiagnostics.class);

    private final Map<String, Long> pids;
    private final Map<String, String> jdbcUrls;
    private final String dbUser;
    private final String dbPassword;
    private final Path directory;

    /**
     * @param pids     service name to process id
     * @param jdbcUrls database name to JDBC URL
     */
    StallDiagnostics(Map<String, Long> pids, Map<String, String> jdbcUrls, String dbUser, String dbPassword,
                     Path directory) {
        this.pids = pids;
        this.jdbcUrls = jdbcUrls;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.directory = directory;
    }

    /** Writes the diagnostics of a stall of {@code what}; returns the file, or null if it could not be written. */
    Path capture(String what, double stalledSeconds) {
        StringBuilder out = new StringBuilder("Progress of " + what + " stopped for " + stalledSeconds + " s at "
                + Instant.now() + "\n");
        jdbcUrls.forEach((database, url) -> out.append("\n== pg_stat_activity of ").append(database).append('\n')
                .append(sessions(url)));
        pids.forEach((service, pid) -> out.append("\n== threads of ").append(service).append(" (pid ").append(pid)
                .append(")\n").append(threads(pid)));
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("stall-" + System.currentTimeMillis() + ".txt");
            Files.writeString(file, out);
            log.warn("Progress of {} stopped for {} s; what every service and database was doing: {}", what,
                    stalledSeconds, file.toAbsolutePath());
            return file;
        } catch (IOException e) {
            log.warn("Progress of {} stopped for {} s; the diagnostics could not be written", what, stalledSeconds, e);
            return null;
        }
    }

    private String sessions(String jdbcUrl) {
        try (Connection con = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT pid, application_name, state, wait_event_type, wait_event,"
                     + " now() - xact_start AS xact_age, now() - query_start AS query_age, left(query, 300)"
                     + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                     + " AND state IS DISTINCT FROM 'idle' ORDER BY xact_start")) {
            StringBuilder rows = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= 8; i++) {
                    rows.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.append('\n');
            }
            return rows.isEmpty() ? "(no session busy)\n" : rows.toString();
        } catch (SQLException e) {
            return "(could not read: " + e.getMessage() + ")\n";
        }
    }

    private static String threads(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(could not run jcmd: " + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }
}
