package dev.userdeletion.localstack.benchmark;

import dev.userdeletion.contracts.Topics;
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
 * projection ingest, query latency and delete-all end to end at two or three sizes with their SQL limits and the
 * services' memory, then prints the report and writes it to a Markdown file. Run it with {@code ./benchmark.sh}
 * (see the README); {@link #run} is also what the small-scale {@code BenchmarkIT} checks.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    static final String USER_STATE_TOPIC = Topics.USER_STATE;
    static final String USER_QUERY_GROUP = "user-query-service";
    static final String NOTIFICATION_DIRECTORY_GROUP = "notification-directory";

    /**
     * Every consumer of what a deletion produces (commands, outcomes, tombstones, the request's events), by group id
     * as the services name them. A delete-all's window lasts until all of them have consumed everything it produced.
     */
    static final List<ConsumerProgress.Consumer> DELETION_CONSUMERS = List.of(
            new ConsumerProgress.Consumer("membership-service", Set.of(Topics.DELETION_COMMANDS)),
            new ConsumerProgress.Consumer("deletion-orchestrator", Set.of(Topics.DELETION_OUTCOMES)),
            new ConsumerProgress.Consumer(USER_QUERY_GROUP, Set.of(Topics.USER_STATE)),
            new ConsumerProgress.Consumer(NOTIFICATION_DIRECTORY_GROUP, Set.of(Topics.USER_STATE)),
            new ConsumerProgress.Consumer("notification-deletion-outcomes", Set.of(Topics.DELETION_OUTCOMES)),
            new ConsumerProgress.Consumer("notification-deletion-requests", Set.of(Topics.DELETION_REQUESTS)));
    private static final List<String> DELETION_TOPICS = List.of(Topics.DELETION_COMMANDS, Topics.DELETION_OUTCOMES,
            Topics.USER_STATE, Topics.DELETION_REQUESTS);
    /** How long the consumers may take to catch up after a delete-all completed before the run gives up waiting. */
    private static final long CATCH_UP_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(15);

    /**
     * The services' JVM options: the heap of the container image (Dockerfile; the default collector, G1), and 8
     * parallel collector threads where the default on 2 cores is 2 (concurrent marking keeps its 1). Every process of
     * the run shares the 2 cores, and the scheduler shares them by thread: a pause's 2 workers waited for a core 3–8
     * times their CPU time (a 244 ms pause of 20 ms CPU), while 8 workers take a larger share while the pause lasts.
     * Oversubscribed workers spin, at some CPU cost to the ingest (docs/benchmarks.md, Analysis). Not in the image,
     * where a container's CPU share is its own. ZGC was measured too: pauses under a millisecond, less ingest.
     */
    static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:ParallelGCThreads=8", "-XX:ConcGCThreads=1");

    /** How the report names the PostgreSQL server of user-query-service's read model and its processes. */
    static final String READ_MODEL_SERVER = "PostgreSQL (read model)";

    /** Everything measured in one run, plus what the data set says the answers must be. */
    public record Results(BenchmarkScale scale, long ingestEvents, double ingestSeconds, long projectedRows,
                          long expectedRows, double notificationCatchUpSeconds, IngestCpu.Profile ingestCpu,
                          QueryBenchmark.Run queryRun, List<DeleteAllRun> deletions, List<PhasePauses> phasePauses) {

        public List<QueryBenchmark.Result> queries() {
            return queryRun.results();
        }

        public double ingestEventsPerSecond() {
            return ingestEvents / ingestSeconds;
        }

        /** The delete-all of {@link BenchmarkScale#deletionPlatform} users: the figure the targets are about. */
        public DeleteAllRun headline() {
            return deletions.stream().filter(d -> d.platform().users() == scale.deletionPlatform()).findFirst()
                    .orElseThrow();
        }
    }

    /**
     * The GC pauses of each service in one phase of the run, outside the deletion windows (which
     * {@link DeleteAllRun#resources} covers): a service's pauses are null when it wrote no GC log.
     */
    public record PhasePauses(String phase, Map<String, ResourceMonitor.GcPauses> byService) {
    }

    /**
     * One delete-all and what it left behind. Its resource window runs from the review until every consumer in
     * {@link #DELETION_CONSUMERS} had consumed everything the deletion produced ({@code windowSeconds}).
     *
     * @param readModelRowsLeft rows of the platform still in user-query-service's read model afterwards
     * @param consumedAt        per consumer group, seconds from the confirmation until it had consumed everything the
     *                          deletion produced on its topics (sampled every 250 ms); absent if it had not in time
     * @param drained           whether every consumer had caught up before the timeout
     */
    public record DeleteAllRun(Dataset.DeleteAll platform, DeletionBenchmark.Result result, long membershipsLeft,
                               long accessListLeft, long readModelRowsLeft, Map<String, Double> consumedAt,
                               boolean drained, double windowSeconds, List<ResourceMonitor.Usage> resources) {

        /** Seconds from the confirmation until the tombstones were applied to user-query-service's read model. */
        Double readModelSeconds() {
            return consumedAt.get(USER_QUERY_GROUP);
        }

        /** Seconds from the confirmation until notification-service had consumed all of it (its slowest group). */
        Double notificationSeconds() {
            List<Double> groups = DELETION_CONSUMERS.stream().map(ConsumerProgress.Consumer::group)
                    .filter(g -> g.startsWith("notification-")).map(consumedAt::get).toList();
            return groups.contains(null) ? null : groups.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        String scaleName = "full";
        Path output = null;
        boolean jfr = false;
        boolean tenfold = false;
        for (String arg : args) {
            if (arg.startsWith("--scale=")) {
                scaleName = arg.substring("--scale=".length());
            } else if (arg.startsWith("--output=")) {
                output = Path.of(arg.substring("--output=".length()));
            } else if (arg.equals("--jfr")) {
                jfr = true;
            } else if (arg.equals("--tenfold-deletion")) {
                tenfold = true;
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + " (--scale=small|medium|deletion|full,"
                        + " --tenfold-deletion, --output=FILE, --jfr)");
            }
        }
        BenchmarkScale scale = BenchmarkScale.named(scaleName);
        if (tenfold) {
            scale = scale.withTenfoldDeletion();
        }
        if (output == null) {
            output = scale.name().equals("full") ? Path.of("docs/benchmarks.md")
                    : Path.of("local-stack/target/benchmarks-" + scale.name() + ".md");
        }
        Machine before = Machine.now();
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("benchmark");
        Path logs = dataDir.resolve("logs");
        Files.createDirectories(logs);
        List<String> jvm = new ArrayList<>(SERVICE_JVM);
        jvm.add(ResourceMonitor.gcLogOption(logs));
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + logs.resolve("%p.jfr") + ",settings=profile");
        }
        StackConfig config = new StackConfig(Path.of("").toAbsolutePath(), dataDir, false, 0, 0, 0,
                StackConfig.Ports.ANY_FREE, jvm);
        Results results;
        try (Stack stack = Stack.start(config)) {
            results = run(stack, scale, logs);
        }
        String command = System.getProperty("benchmark.command", "./benchmark.sh --scale " + scale.name()
                + (tenfold ? " --tenfold-deletion" : ""));
        String report = Report.markdown(results, before, Machine.now(), command, (System.nanoTime() - started) / 1e9);
        System.out.println(report);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report + Report.keptNotes(output));
        System.out.println("Written to " + output.toAbsolutePath() + "; service logs, GC logs"
                + (jfr ? " and JFR recordings" : "") + " in " + logs);
    }

    private static Map<String, Long> servicePids(Stack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : List.of(Stack.MEMBERSHIP, Stack.USER_QUERY, Stack.ORCHESTRATOR, Stack.NOTIFICATION)) {
            pids.put(service, stack.pid(service));
        }
        return pids;
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
        log.info("Seeded membership-service's database with {} users in {} s", scale.totalUsers(),
                String.format("%.1f", (System.nanoTime() - seedStart) / 1e9));

        String userQueryDb = infra.jdbcUrl("user_query");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            IngestCpu ingestCpu = new IngestCpu(servicePids(stack), Map.of("PostgreSQL", infra.jdbcUrl("membership"),
                    READ_MODEL_SERVER, userQueryDb), user, password);
            Instant ingestStartedAt = Instant.now();
            long ingestStart = System.nanoTime();
            long loadGeneratorCpu = data.publishUserStates(infra.bootstrapServers());
            log.info("Published {} UserState events in {} s", scale.totalUsers(),
                    String.format("%.1f", (System.nanoTime() - ingestStart) / 1e9));
            Map<TopicPartition, Long> ends = endOffsets(admin);
            if (!awaitConsumed(admin, USER_QUERY_GROUP, ends, TimeUnit.MINUTES.toNanos(30))) {
                throw new IllegalStateException("user-query-service did not consume the user states in 30 minutes");
            }
            double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
            Instant ingestEndedAt = Instant.now();
            IngestCpu.Profile ingestProfile = ingestCpu.stop(scale.totalUsers(), loadGeneratorCpu, user, password);
            // the query figures should not include notification-service's catching up, but do not wait forever
            double notificationSeconds = awaitConsumed(admin, NOTIFICATION_DIRECTORY_GROUP, ends,
                    TimeUnit.MINUTES.toNanos(5)) ? (System.nanoTime() - ingestStart) / 1e9 : -1;

            long projected = count(userQueryDb, "SELECT count(*) FROM platform_user WHERE platform_id LIKE ?",
                    Dataset.PLATFORM_PREFIX + "%");
            log.info("Projection ingest: {} events in {} s; {} rows in the read model", scale.totalUsers(),
                    String.format("%.1f", ingestSeconds), projected);
            // the settled state autovacuum reaches shortly after a bulk load, made explicit so that the query
            // figures do not depend on when autovacuum happens to run
            execute(userQueryDb, "VACUUM (ANALYZE) platform_user");

            QueryBenchmark queries = new QueryBenchmark(new PageFetcher(stack.baseUrl(Stack.USER_QUERY),
                    stack.callers().adminOf(data.largestPlatform())), stack.pid(Stack.USER_QUERY), userQueryDb, user,
                    password, scale);
            Instant queriesStartedAt = Instant.now();
            QueryBenchmark.Run queryRun = queries.run(data.largestPlatform(), LocalDate.ofInstant(now, ZoneOffset.UTC));
            log.info("Query benchmark done: {} combinations", queryRun.results().size());
            List<PhasePauses> phases = List.of(
                    phasePauses(stack, gcLogDir, "start and seeding", Instant.EPOCH, ingestStartedAt),
                    phasePauses(stack, gcLogDir, "ingest", ingestStartedAt, ingestEndedAt),
                    phasePauses(stack, gcLogDir, "queries", queriesStartedAt, Instant.now()));

            List<DeleteAllRun> deletions = new ArrayList<>();
            for (Dataset.DeleteAll platform : data.deleteAlls()) {
                deletions.add(deleteAll(stack, admin, platform, gcLogDir));
            }
            return new Results(scale, scale.totalUsers(), ingestSeconds, projected, data.memberships(),
                    notificationSeconds, ingestProfile, queryRun, deletions, phases);
        }
    }

    private static PhasePauses phasePauses(Stack stack, Path gcLogDir, String phase, Instant from, Instant to) {
        Map<String, ResourceMonitor.GcPauses> byService = new LinkedHashMap<>();
        servicePids(stack).forEach((service, pid) -> byService.put(service,
                ResourceMonitor.pauses(gcLogDir, pid, from, to)));
        return new PhasePauses(phase, byService);
    }

    /**
     * Deletes every user of {@code platform} through the orchestrator, after its single-transaction limit, and
     * watches the services from the review until every consumer has consumed everything the deletion produced: the
     * relays' outboxes are empty (every event of the deletion is in Kafka), then the end offsets of the deletion's
     * topics are taken and every consumer group must commit up to them.
     */
    private static DeleteAllRun deleteAll(Stack stack, Admin admin, Dataset.DeleteAll platform, Path gcLogDir)
            throws Exception {
        LocalInfrastructure infra = stack.infrastructure();
        String membershipDb = infra.jdbcUrl("membership");
        DeletionBenchmark deletion = new DeletionBenchmark(new ApiClient(stack.baseUrl(Stack.ORCHESTRATOR),
                stack.callers().adminOfPathPlatformElseCsm()), membershipDb, LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
        DeletionBenchmark.SqlLimit limit = deletion.sqlLimit(platform.platformId());
        Map<String, Long> pids = servicePids(stack);
        DeletionBenchmark.Result deleted;
        List<ResourceMonitor.Usage> usage;
        Map<String, Double> consumedAt;
        boolean drained;
        double windowSeconds;
        long windowStart = System.nanoTime();
        try (ResourceMonitor monitor = new ResourceMonitor(pids, gcLogDir);
             ConsumerProgress progress = ConsumerProgress.of(admin, DELETION_CONSUMERS)) {
            StallDiagnostics diagnostics = new StallDiagnostics(pids, Map.of("membership", membershipDb,
                    "orchestrator", infra.jdbcUrl("orchestrator")), LocalInfrastructure.DB_USER,
                    LocalInfrastructure.DB_PASSWORD, stack.log(Stack.ORCHESTRATOR).getParent());
            deleted = deletion.run(platform.platformId(), limit, diagnostics);
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT_NANOS;
            boolean relayed = awaitEmptyOutbox(membershipDb, deadline)
                    && awaitEmptyOutbox(infra.jdbcUrl("orchestrator"), deadline);
            Map<TopicPartition, Long> ends = progress.endOffsets(DELETION_TOPICS);
            drained = relayed && progress.awaitConsumed(ends, deadline);
            usage = monitor.stop();
            windowSeconds = (System.nanoTime() - windowStart) / 1e9;
            consumedAt = progress.consumedAt(ends, deleted.confirmedAtNanos());
        }
        log.info("Delete-all of {} users: review {} s, confirmation to COMPLETED {} s, consumers caught up: {}",
                platform.users(), String.format("%.2f", deleted.reviewSeconds()),
                String.format("%.2f", deleted.deletionSeconds()), drained ? consumedAt : "no");
        String id = platform.platformId();
        return new DeleteAllRun(platform, deleted,
                count(membershipDb, "SELECT count(*) FROM memberships WHERE platform_id = ?", id),
                count(membershipDb, "SELECT count(*) FROM access_list WHERE platform_id = ?", id),
                count(infra.jdbcUrl("user_query"), "SELECT count(*) FROM platform_user WHERE platform_id = ?", id),
                consumedAt, drained, windowSeconds, usage);
    }

    /** Waits until a relay has published and deleted every outbox row; false if not before {@code deadlineNanos}. */
    private static boolean awaitEmptyOutbox(String jdbcUrl, long deadlineNanos) throws Exception {
        try (Connection con = DriverManager.getConnection(jdbcUrl, LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD);
             PreparedStatement ps = con.prepareStatement("SELECT EXISTS (SELECT 1 FROM outbox)")) {
            while (System.nanoTime() < deadlineNanos) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return true;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(100); // poll the relay's progress
            }
            return false;
        }
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
