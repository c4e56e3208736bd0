package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CPU goes while the projection ingests: each service process, this JVM (the Kafka broker and the
 * producer), and PostgreSQL's processes grouped by what they do (the connections of each database, the relays'
 * walsenders, the background processes) and by server, from {@code /proc}. A PostgreSQL process that exited
 * meanwhile (an autovacuum worker) is counted from its postmaster's reaped children ({@code cutime + cstime}).
 */
final class IngestCpu {

    /** One group of processes: CPU seconds during the window and microseconds per event. */
    record Share(String process, double cpuSeconds, double microsPerEvent) {
    }

    /** The groups, largest first, and the window's length (N cores give N times that in CPU seconds at most). */
    record Profile(List<Share> shares, double windowSeconds) {

        double totalCpuSeconds() {
            return shares.stream().mapToDouble(Share::cpuSeconds).sum();
        }
    }

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<String, ProcessHandle> services = new LinkedHashMap<>();
    private final Map<String, Long> servicesBefore = new HashMap<>();
    /** Each PostgreSQL server's postmaster, by the label its processes are shown with. */
    private final Map<String, ProcessHandle> postmasters = new LinkedHashMap<>();
    /** Each server's JDBC URL (any of its databases), by the same label. */
    private final Map<String, String> serverUrls;
    private final Map<Long, Long> postgresBefore;
    private final Map<String, Long> reapedBefore = new HashMap<>();
    private final long harnessBefore;
    private final long started = System.nanoTime();

    /**
     * Starts the window. {@code serverUrls}: a JDBC URL of each PostgreSQL server (any of its databases, to find its
     * postmaster), by the label its processes are shown with ("PostgreSQL" for the main one).
     */
    IngestCpu(Map<String, Long> servicePids, Map<String, String> serverUrls, String user, String password)
            throws SQLException {
        this.serverUrls = serverUrls;
        servicePids.forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(p -> services.put(name, p)));
        services.forEach((name, p) -> servicesBefore.put(name, nanos(p)));
        for (Map.Entry<String, String> server : serverUrls.entrySet()) {
            try (Connection c = DriverManager.getConnection(server.getValue(), user, password);
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                ProcessHandle postmaster = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent)
                        .orElseThrow();
                if (postmasters.values().stream().noneMatch(known -> known.pid() == postmaster.pid())) {
                    postmasters.put(server.getKey(), postmaster); // two URLs of one server count it once
                }
            }
        }
        postgresBefore = postgresNanos();
        postmasters.forEach((label, postmaster) -> reapedBefore.put(label, reapedNanos(postmaster)));
        harnessBefore = nanos(ProcessHandle.current());
    }

    /**
     * Ends the window: the CPU of each group per event, largest first. {@code loadGeneratorNanos}: the part of this
     * JVM's CPU that published the events (its caller thread and the producer's sender), shown apart from the broker.
     */
    Profile stop(long events, long loadGeneratorNanos, String user, String password) throws SQLException {
        double window = (System.nanoTime() - started) / 1e9;
        Map<String, Long> groups = new LinkedHashMap<>();
        services.forEach((name, p) -> groups.put(name, nanos(p) - servicesBefore.get(name)));
        long harness = nanos(ProcessHandle.current()) - harnessBefore;
        groups.put("the load generator: UserState producer (harness JVM)", loadGeneratorNanos);
        groups.put("Kafka broker (and the rest of the harness JVM)", Math.max(0, harness - loadGeneratorNanos));
        Map<Long, String> labels = new HashMap<>();
        for (String server : postmasters.keySet()) {
            labels.putAll(postgresLabels(server, serverUrls.get(server), user, password));
        }
        postgresNanos().forEach((pid, now) -> groups.merge(labels.getOrDefault(pid, serverOf(pid)
                + ": other processes"), now - postgresBefore.getOrDefault(pid, 0L), Long::sum));
        postmasters.forEach((label, postmaster) -> groups.merge(label
                + ": processes that exited meanwhile (autovacuum workers)",
                reapedNanos(postmaster) - reapedBefore.get(label), Long::sum));
        List<Share> shares = new ArrayList<>();
        groups.forEach((name, nanos) -> shares.add(new Share(name, nanos / 1e9, nanos / 1e3 / events)));
        shares.sort((a, b) -> Double.compare(b.cpuSeconds(), a.cpuSeconds()));
        return new Profile(shares, window);
    }

    /** One server's processes by role: a client connection by its database, a walsender, a background process. */
    private static Map<Long, String> postgresLabels(String server, String jdbcUrl, String user, String password)
            throws SQLException {
        Map<Long, String> labels = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid, backend_type, datname FROM pg_stat_activity")) {
            while (rs.next()) {
                String type = rs.getString("backend_type");
                String database = rs.getString("datname");
                labels.put(rs.getLong("pid"), server + ": " + switch (type) {
                    case "client backend" -> "connections to " + database;
                    case "walsender" -> "walsender (logical decoding) of " + database + "'s relay";
                    default -> type;
                });
            }
        }
        return labels;
    }

    /** The label of the server whose postmaster {@code pid} is or descends from. */
    private String serverOf(long pid) {
        for (Map.Entry<String, ProcessHandle> server : postmasters.entrySet()) {
            ProcessHandle postmaster = server.getValue();
            if (postmaster.pid() == pid || postmaster.descendants().anyMatch(p -> p.pid() == pid)) {
                return server.getKey();
            }
        }
        return "PostgreSQL";
    }

    private Map<Long, Long> postgresNanos() {
        Map<Long, Long> byPid = new HashMap<>();
        for (ProcessHandle postmaster : postmasters.values()) {
            byPid.put(postmaster.pid(), nanos(postmaster));
            postmaster.descendants().forEach(p -> byPid.put(p.pid(), nanos(p)));
        }
        return byPid;
    }

    /** CPU of a postmaster's children that exited and were reaped (fields 16 and 17 of /proc/PID/stat). */
    private static long reapedNanos(ProcessHandle postmaster) {
        try {
            String stat = Files.readString(Path.of("/proc/" + postmaster.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after "(comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long nanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
