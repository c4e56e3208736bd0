package dev.userdeletion.localstack.benchmark;

import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.localstack.ApiClient;
import dev.userdeletion.localstack.Stack;
import dev.userdeletion.localstack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark harness: starts the real local stack (services with {@code -Xmx512m}), seeds it, measures
 * projection ingest, query latency and delete-all end to end with their SQL limits and the services'
 * memory, then prints the report and writes it to a Markdown file. Run it with {@code ./benchmark.sh}
 * (see the README); {@link #run} is also what the small-scale {@code BenchmarkIT} checks.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    static final String USER_STATE_TOPIC = "membership.user-state";
    static final String USER_QUERY_GROUP = "user-query-service";
    static final String NOTIFICATION_DIRECTORY_GROUP = "notification-directory";

    /** Everything measured in one run, plus what the data set says the answers must be. */
    public record Results(BenchmarkScale scale, long ingestEvents, double ingestSeconds, long projectedRows,
                          long expectedRows, double notificationCatchUpSeconds, List<QueryBenchmark.Result> queries,
                          DeletionBenchmark.Result deletion, int expectedDeleted, int expectedRejected,
                          long membershipsLeftOnPlatform, long accessListLeftOnPlatform,
                          List<ResourceMonitor.Usage> resources) {

        public double ingestEventsPerSecond() {
            return ingestEvents / ingestSeconds;
        }
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        String scaleName = "full";
        Path output = null;
        boolean jfr = false;
        for (String arg : args) {
            if (arg.startsWith("--scale=")) {
                scaleName = arg.substring("--scale=".length());
            } else if (arg.startsWith("--output=")) {
                output = Path.of(arg.substring("--output=".length()));
            } else if (arg.equals("--jfr")) {
                jfr = true;
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + " (--scale=small|medium|full,"
                        + " --output=FILE, --jfr)");
            }
        }
        BenchmarkScale scale = BenchmarkScale.named(scaleName);
        if (output == null) {
            output = scale.name().equals("full") ? Path.of("docs/benchmarks.md")
                    : Path.of("local-stack/target/benchmarks-" + scale.name() + ".md");
        }
        Machine before = Machine.now();
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("benchmark");
        Path logs = dataDir.resolve("logs");
        Files.createDirectories(logs);
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", ResourceMonitor.gcLogOption(logs)));
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + logs.resolve("%p.jfr") + ",settings=profile");
        }
        StackConfig config = new StackConfig(Path.of("").toAbsolutePath(), dataDir, false, 0, 0, 0,
                StackConfig.Ports.ANY_FREE, jvm);
        Results results;
        try (Stack stack = Stack.start(config)) {
            results = run(stack, scale, logs);
        }
        String command = System.getProperty("benchmark.command", "./benchmark.sh --scale " + scale.name());
        String report = Report.markdown(results, before, Machine.now(), command, (System.nanoTime() - started) / 1e9);
        System.out.println(report);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report + Report.keptNotes(output));
        System.out.println("Written to " + output.toAbsolutePath() + "; service logs, GC logs"
                + (jfr ? " and JFR recordings" : "") + " in " + logs);
    }

    /** Runs every measurement on a started stack; {@code gcLogDir} is null when the services write no GC log. */
    public static Results run(Stack stack, BenchmarkScale scale, Path gcLogDir) throws Exception {
        LocalInfrastructure infra = stack.infrastructure();
        String user = LocalInfrastructure.DB_USER;
        String password = LocalInfrastructure.DB_PASSWORD;
        Instant now = Instant.now();
        Dataset data = new Dataset(scale, now);

        long seedStart = System.nanoTime();
        data.seedMembership(infra.jdbcUrl("membership"), user, password);
        log.info("Seeded membership-service's database with {} users in {} s", scale.users(),
                String.format("%.1f", (System.nanoTime() - seedStart) / 1e9));

        double ingestSeconds;
        double notificationSeconds;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            long ingestStart = System.nanoTime();
            data.publishUserStates(infra.bootstrapServers());
            log.info("Published {} UserState events in {} s", scale.users(),
                    String.format("%.1f", (System.nanoTime() - ingestStart) / 1e9));
            Map<TopicPartition, Long> ends = endOffsets(admin);
            if (!awaitConsumed(admin, USER_QUERY_GROUP, ends, TimeUnit.MINUTES.toNanos(30))) {
                throw new IllegalStateException("user-query-service did not consume the user states in 30 minutes");
            }
            ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
            // the query figures should not include notification-service's catching up, but do not wait forever
            notificationSeconds = awaitConsumed(admin, NOTIFICATION_DIRECTORY_GROUP, ends, TimeUnit.MINUTES.toNanos(5))
                    ? (System.nanoTime() - ingestStart) / 1e9 : -1;
        }
        String userQueryDb = infra.jdbcUrl("user_query");
        long projected = count(userQueryDb, "SELECT count(*) FROM platform_user WHERE platform_id LIKE ?",
                Dataset.PLATFORM_PREFIX + "%");
        log.info("Projection ingest: {} events in {} s; {} rows in the read model", scale.users(),
                String.format("%.1f", ingestSeconds), projected);
        // the settled state autovacuum reaches shortly after a bulk load, made explicit so that the query
        // figures do not depend on when autovacuum happens to run
        execute(userQueryDb, "VACUUM (ANALYZE) platform_user");

        QueryBenchmark queries = new QueryBenchmark(new ApiClient(stack.baseUrl(Stack.USER_QUERY), stack.callers().adminOfPathPlatformElseCsm()), userQueryDb, user,
                password, scale);
        List<QueryBenchmark.Result> queryResults = queries.run(data.largestPlatform(), LocalDate.ofInstant(now,
                ZoneOffset.UTC));
        log.info("Query benchmark done: {} combinations", queryResults.size());

        String membershipDb = infra.jdbcUrl("membership");
        DeletionBenchmark deletion = new DeletionBenchmark(new ApiClient(stack.baseUrl(Stack.ORCHESTRATOR), stack.callers().adminOfPathPlatformElseCsm()),
                membershipDb, user, password);
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : List.of(Stack.MEMBERSHIP, Stack.USER_QUERY, Stack.ORCHESTRATOR, Stack.NOTIFICATION)) {
            pids.put(service, stack.pid(service));
        }
        DeletionBenchmark.Result deleted;
        List<ResourceMonitor.Usage> usage;
        int multi = data.deletionPlatformMultiPlatform();
        try (ResourceMonitor monitor = new ResourceMonitor(pids, gcLogDir)) {
            deleted = deletion.run(data.deletionPlatform());
            usage = monitor.stop();
        }
        log.info("Deletion: review {} s, confirmation to COMPLETED {} s", String.format("%.2f", deleted.reviewSeconds()),
                String.format("%.2f", deleted.deletionSeconds()));
        long membershipsLeft = count(membershipDb, "SELECT count(*) FROM memberships WHERE platform_id = ?",
                data.deletionPlatform());
        long accessLeft = count(membershipDb, "SELECT count(*) FROM access_list WHERE platform_id = ?",
                data.deletionPlatform());
        return new Results(scale, scale.users(), ingestSeconds, projected, data.memberships(), notificationSeconds,
                queryResults, deleted, scale.deletionPlatform() - multi, multi, membershipsLeft, accessLeft, usage);
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        admin.describeTopics(List.of(USER_STATE_TOPIC)).allTopicNames().get().get(USER_STATE_TOPIC).partitions()
                .forEach(p -> partitions.add(new TopicPartition(USER_STATE_TOPIC, p.partition())));
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /**
     * Waits until {@code group} has committed every offset up to {@code ends} (a batch commits after its
     * transaction); false if it has not within {@code timeoutNanos}.
     */
    private static boolean awaitConsumed(Admin admin, String group, Map<TopicPartition, Long> ends, long timeoutNanos)
            throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            boolean done = ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return (c == null ? 0 : c.offset()) >= e.getValue();
            });
            if (done) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100); // poll the group's progress
        }
        return false;
    }

    private static long count(String jdbcUrl, String sql, String param) throws SQLException {
        try (Connection con = DriverManager.getConnection(jdbcUrl, LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
             PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection con = DriverManager.getConnection(jdbcUrl, LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
             Statement st = con.createStatement()) {
            st.execute(sql);
        }
    }
}
