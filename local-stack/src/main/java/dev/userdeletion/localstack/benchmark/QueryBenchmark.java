package dev.userdeletion.localstack.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Query latency of the user directory over HTTP with N concurrent clients, for every filter combination,
 * both sorts, the first page and a deep page reached both ways (page number, i.e. OFFSET, and keyset cursor); and
 * the same statement run directly on the read model's database with N connections (the limit). Each
 * combination's HTTP answer is checked against SQL.
 */
final class QueryBenchmark {

    private static final Logger log = LoggerFactory.getLogger(QueryBenchmark.class);

    static final int PAGE_SIZE = 50;
    /** The deep page: rows 50,001-50,050, or the last page when there are fewer matches. */
    static final int DEEP_PAGE = 1000;
    /** Mirrors user-query-service's {@code UserDirectory.TOTAL_BOUND}: lists with an email term are counted up to it. */
    static final int TOTAL_BOUND = 1000;

    record Filter(String label, String email, String role, LocalDate lastLoginOnOrBefore) {
    }

    record Sort(String label, String param, String column, boolean descending) {
    }

    /** Where a keyset page starts: after the row of this user (its sort key read from the row, as the service does). */
    private record Seek(UUID userId) {
    }

    /**
     * One combination. A page by cursor starts after {@code seek} in SQL and after {@code cursor} (the
     * {@code nextCursor} the service gave for the page before) over HTTP; both are fetched once before timing.
     */
    record Query(Filter filter, Sort sort, int page, boolean byCursor, String cursor, Seek seek) {
        String label() {
            return filter.label() + " / " + sort.label() + " / "
                    + (page == 0 ? "first page" : "page " + (page + 1) + (byCursor ? " by cursor" : " by offset"));
        }
    }

    /**
     * @param matchingUsers users matching the filter (an exact count, made once for the report)
     * @param total         the page's {@code totalElements} (a lower bound when not {@code totalIsExact})
     * @param matches       whether HTTP and SQL gave the same ids in the same order and the same total; for a page by
     *                      cursor also the same ids as the page by number
     * @param plan          what PostgreSQL did for the page's statement ({@code EXPLAIN (ANALYZE, BUFFERS)}, warm)
     */
    record Result(Query query, long matchingUsers, long total, boolean totalIsExact, Timing http, Timing sql,
                  boolean matches, QueryPlan plan) {
    }

    /**
     * One combination's calls of one kind (over HTTP or in SQL), timed.
     *
     * @param latencies       the timed calls
     * @param cost            CPU and run-queue delay per timed call
     * @param settlingBatches untimed batches run just before (every client {@code queriesPerClient} calls), until the
     *                        JIT compilers had settled ({@link #SETTLED_JIT_SHARE}) or for {@link #MAX_SETTLING}
     * @param jitMs           time the JIT compilers of user-query-service and of the load generator spent compiling
     *                        during the timed calls
     */
    record Timing(Latencies latencies, CpuAccount.PerCall cost, int settlingBatches, double jitMs) {
    }

    /** What one call returns: the ids of the page, in order, and the total. */
    private record Page(List<UUID> ids, long total, boolean totalIsExact) {
    }

    /** Every combination's result, and what a timed call cost in CPU over HTTP and in SQL. */
    record Run(List<Result> results, WarmUp warmUp, CpuAccount.PerCall httpCpu, CpuAccount.PerCall sqlCpu) {
    }

    private final PageFetcher userQuery;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final BenchmarkScale scale;
    private final ProcessHandle service;
    private final Optional<PerfCounters> serviceCounters;
    private final Optional<PerfCounters> harnessCounters;

    /** {@code servicePid}: the process of user-query-service that {@code userQuery} calls. */
    QueryBenchmark(PageFetcher userQuery, long servicePid, String jdbcUrl, String dbUser, String dbPassword,
                   BenchmarkScale scale) {
        this.userQuery = userQuery;
        this.service = ProcessHandle.of(servicePid).orElseThrow();
        this.serviceCounters = PerfCounters.of(servicePid);
        this.harnessCounters = PerfCounters.of(ProcessHandle.current().pid());
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.scale = scale;
    }

    static final int WARM_UP_ROUNDS = 3;
    static final int SETTLED_COMPILES = 10;
    /**
     * A combination is timed once an untimed batch of its calls kept the JIT compilers (user-query-service's and the
     * load generator's) busy for at most this share of the batch's time. The rounds of the warm-up run every
     * combination, so code only some of them run (a cursor, a sort, an email term) is still being compiled when
     * they are timed one by one; measured before this rule: C2 compiling for 40-100 ms of CPU inside a single
     * combination's slowest calls.
     */
    static final double SETTLED_JIT_SHARE = 0.01;
    /** Settling stops after the batch that ends this long after it began, settled or not. */
    static final Duration MAX_SETTLING = Duration.ofSeconds(5);

    /** How long the warm-up ran: its rounds, and the methods the service compiled in the last. */
    record WarmUp(int rounds, long lastRoundCompiles) {
    }

    static List<Filter> filters(LocalDate today) {
        LocalDate yearAgo = today.minusYears(1);
        return List.of(
                new Filter("none", null, null, null),
                new Filter("email", Dataset.EMAIL_TERM, null, null),
                new Filter("role", null, "MENTOR", null),
                new Filter("last login", null, null, yearAgo),
                new Filter("all three", Dataset.EMAIL_TERM, "MENTOR", yearAgo));
    }

    static List<Sort> sorts() {
        return List.of(new Sort("by email", "email", "email_lower", false),
                new Sort("by last login desc", "lastLoginAt,desc", "last_login_key", true));
    }

    Run run(String platformId, LocalDate today) throws Exception {
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(scale.clients());
        try {
            for (int i = 0; i < scale.clients(); i++) {
                connections.add(connect());
            }
            Connection first = connections.getFirst();
            List<Query> queries = new ArrayList<>();
            List<Long> matching = new ArrayList<>();
            for (Filter filter : filters(today)) {
                long count = exactCount(first, platformId, filter);
                int deep = (int) Math.min(DEEP_PAGE, Math.max(0, (count + PAGE_SIZE - 1) / PAGE_SIZE - 1));
                for (Sort sort : sorts()) {
                    queries.add(new Query(filter, sort, 0, false, null, null));
                    matching.add(count);
                    if (deep > 0) {
                        queries.add(new Query(filter, sort, deep, false, null, null));
                        // the cursor of the page before, obtained once: by number, in one call, not walked to
                        Query before = new Query(filter, sort, deep - 1, false, null, null);
                        queries.add(new Query(filter, sort, deep, true, cursorAfter(platformId, before),
                                seekAfter(first, platformId, before)));
                        matching.add(count);
                        matching.add(count);
                    }
                }
            }
            WarmUp warmUp = warmUp(pool, platformId, queries, connections);
            ProcessHandle postgres = postmaster(first);
            CpuAccount httpCpu = new CpuAccount(service, postgres);
            CpuAccount sqlCpu = new CpuAccount(null, postgres);
            List<Result> results = new ArrayList<>();
            Page byOffset = null;
            for (int q = 0; q < queries.size(); q++) {
                Query query = queries.get(q);
                Page viaHttp = http(platformId, query);
                Page viaSql = sql(first, platformId, query);
                boolean same = viaHttp.equals(viaSql);
                if (query.byCursor()) {
                    same &= viaSql.ids().equals(byOffset.ids()); // the same rows as the page by number before it
                } else {
                    byOffset = viaSql;
                }
                Timing httpTiming = measure(query.label() + " over HTTP", pool, i -> () -> http(platformId, query),
                        httpCpu);
                Timing sqlTiming = measure(query.label() + " in SQL", pool,
                        i -> () -> sql(connections.get(i), platformId, query), sqlCpu);
                Statement statement = statement(platformId, query);
                QueryPlan plan = QueryPlan.explain(first, statement.sql(), statement.params());
                results.add(new Result(query, matching.get(q), viaSql.total(), viaSql.totalIsExact(), httpTiming,
                        sqlTiming, same, plan));
            }
            return new Run(results, warmUp, httpCpu.perCall(), sqlCpu.perCall());
        } finally {
            pool.shutdownNow();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /**
     * Before anything is timed, every client runs every query over HTTP and in SQL, round after round: at least
     * {@value #WARM_UP_ROUNDS} rounds, then until a round made the service's JIT compilers compile at most
     * {@value #SETTLED_COMPILES} methods (its {@code sun.ci.totalCompiles} counter), or the scale's most rounds. The
     * service and PostgreSQL's caches are then warm, and the code every request runs is compiled; what only some
     * combinations run is left to {@link #measure}, which settles each combination before timing it.
     */
    private WarmUp warmUp(ExecutorService pool, String platformId, List<Query> queries, List<Connection> connections)
            throws Exception {
        LongSupplier compiles = () -> serviceCounters.map(c -> c.value("sun.ci.totalCompiles").orElse(0)).orElse(0L);
        long compiled = compiles.getAsLong();
        for (int round = 1; ; round++) {
            warmUpRound(pool, platformId, queries, connections);
            long now = compiles.getAsLong();
            long inRound = now - compiled;
            compiled = now;
            log.info("Query warm-up round {}: user-query-service compiled {} methods", round, inRound);
            if (round >= Math.min(WARM_UP_ROUNDS, scale.maxWarmUpRounds())
                    && (inRound <= SETTLED_COMPILES || round >= scale.maxWarmUpRounds())) {
                return new WarmUp(round, inRound);
            }
        }
    }

    private void warmUpRound(ExecutorService pool, String platformId, List<Query> queries,
                             List<Connection> connections) throws Exception {
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < scale.clients(); c++) {
            Connection connection = connections.get(c);
            clients.add(pool.submit(() -> {
                for (Query query : queries) {
                    http(platformId, query);
                    sql(connection, platformId, query);
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
    }

    /** The server process the backend of {@code connection} was forked from. */
    private static ProcessHandle postmaster(Connection connection) throws SQLException {
        long backend;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            backend = rs.getLong(1);
        }
        return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElseThrow();
    }

    /**
     * Untimed batches of the call until the JIT compilers have settled ({@link #SETTLED_JIT_SHARE}; for at most
     * {@link #MAX_SETTLING}), then a timed batch whose CPU and run-queue delay go to {@code cpu}.
     */
    private Timing measure(String label, ExecutorService pool, IntFunction<Callable<Page>> call, CpuAccount cpu)
            throws Exception {
        List<Long> jitPerBatch = new ArrayList<>();
        long settlingStarted = System.nanoTime();
        boolean settled;
        do {
            long jitBefore = jitNanos();
            long started = System.nanoTime();
            batch(pool, call, null);
            long jit = jitNanos() - jitBefore;
            jitPerBatch.add(jit / 1_000_000);
            settled = jit <= SETTLED_JIT_SHARE * (System.nanoTime() - started);
        } while (!settled && System.nanoTime() - settlingStarted < MAX_SETTLING.toNanos());
        log.info("{}: {} untimed batches, JIT compiling for {} ms in each", label, jitPerBatch.size(), jitPerBatch);
        long jitBefore = jitNanos();
        Batch timed = batch(pool, call, cpu);
        return new Timing(Latencies.of(timed.nanos()), timed.cost(), jitPerBatch.size(),
                (jitNanos() - jitBefore) / 1e6);
    }

    /** The durations (ns) of a batch's calls, and what they cost per call when charged to an account. */
    private record Batch(long[] nanos, CpuAccount.PerCall cost) {
    }

    /**
     * Every client makes {@code queriesPerClient} calls, all starting together once each client's thread is
     * ready; with {@code cpu}, the CPU and run-queue delay from that start to the last call's end are charged to it.
     */
    private Batch batch(ExecutorService pool, IntFunction<Callable<Page>> call, CpuAccount cpu) throws Exception {
        List<Future<long[]>> clients = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(scale.clients());
        CountDownLatch go = new CountDownLatch(1);
        for (int c = 0; c < scale.clients(); c++) {
            Callable<Page> task = call.apply(c);
            clients.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long[] nanos = new long[scale.queriesPerClient()];
                for (int n = 0; n < nanos.length; n++) {
                    long started = System.nanoTime();
                    task.call();
                    nanos[n] = System.nanoTime() - started;
                }
                return nanos;
            }));
        }
        long[] all = new long[scale.clients() * scale.queriesPerClient()];
        ready.await();
        CpuAccount.ThrowingRunnable calls = () -> {
            go.countDown();
            int at = 0;
            for (Future<long[]> client : clients) {
                long[] nanos = client.get();
                System.arraycopy(nanos, 0, all, at, nanos.length);
                at += nanos.length;
            }
        };
        if (cpu == null) {
            calls.run();
            return new Batch(all, null);
        }
        return new Batch(all, cpu.charge(all.length, calls));
    }

    /** What the JIT compilers of user-query-service and of this JVM (the load generator) have compiled for, in ns. */
    private long jitNanos() {
        return compileNanos(serviceCounters) + compileNanos(harnessCounters);
    }

    private static long compileNanos(Optional<PerfCounters> counters) {
        return counters.map(c -> c.compileNanos().orElse(0)).orElse(0L);
    }

    private JsonNode get(String platformId, Query query) {
        StringBuilder path = new StringBuilder("/api/platforms/" + platformId + "/users?size=" + PAGE_SIZE
                + "&sort=" + query.sort().param());
        path.append(query.byCursor() ? "&after=" + query.cursor() : "&page=" + query.page());
        Filter f = query.filter();
        if (f.email() != null) {
            path.append("&email=").append(f.email());
        }
        if (f.role() != null) {
            path.append("&role=").append(f.role());
        }
        if (f.lastLoginOnOrBefore() != null) {
            path.append("&lastLoginOnOrBefore=").append(f.lastLoginOnOrBefore());
        }
        return userQuery.get(path.toString());
    }

    private Page http(String platformId, Query query) {
        JsonNode body = get(platformId, query);
        List<UUID> ids = new ArrayList<>(PAGE_SIZE);
        for (JsonNode item : body.get("items")) {
            ids.add(UUID.fromString(item.get("userId").asString()));
        }
        return new Page(ids, body.get("totalElements").asLong(), body.get("totalIsExact").asBoolean());
    }

    /** The {@code nextCursor} the service gives with page {@code before}: where the page after it starts. */
    private String cursorAfter(String platformId, Query before) {
        JsonNode next = get(platformId, before).get("nextCursor");
        if (next == null || next.isNull()) {
            throw new IllegalStateException("Page " + (before.page() + 1) + " of " + before.label()
                    + " gave no nextCursor");
        }
        return next.asString();
    }

    /** The WHERE clause of a filter and its parameters, as user-query-service's {@code UserDirectory} writes it. */
    private record Where(String sql, List<Object> params) {

        static Where of(String platformId, Filter f) {
            StringBuilder sql = new StringBuilder("platform_id = ?");
            List<Object> params = new ArrayList<>();
            params.add(platformId);
            if (f.email() != null) {
                sql.append(" AND email_lower LIKE lower(?) ESCAPE '\\'");
                params.add("%" + f.email() + "%");
            }
            if (f.role() != null) {
                sql.append(" AND role = ?");
                params.add(f.role());
            }
            if (f.lastLoginOnOrBefore() != null) {
                sql.append(" AND last_login_key < ?");
                params.add(OffsetDateTime.of(f.lastLoginOnOrBefore().plusDays(1).atStartOfDay(), ZoneOffset.UTC));
            }
            return new Where(sql.toString(), params);
        }
    }

    private static String orderBy(Sort sort, String alias) {
        String direction = sort.descending() ? " DESC" : " ASC";
        return alias + sort.column() + direction + ", " + alias + "user_id" + direction;
    }

    /**
     * The statement user-query-service runs for a page (its {@code UserDirectory.page}), with the same session
     * settings, in autocommit: one statement for the page and its total. The total is counted up to
     * {@value #TOTAL_BOUND} + 1 with an email term (beyond {@value #TOTAL_BOUND} it is a lower bound), otherwise
     * summed over the platform's tally by role and login day; the page is an index-only walk to its first row (by
     * OFFSET, or by keyset after the row a cursor names), then a join for the page's rows. A page by number with an
     * email term walks once, in its order, up to its last row or the bound, for both the page and the total. A page
     * by number in last-login order without one starts on the login day where the tally's users before it reach the
     * offset, and skips only that day's users before it.
     */
    private static Page sql(Connection con, String platformId, Query query) throws SQLException {
        Statement statement = statement(platformId, query);
        List<UUID> ids = new ArrayList<>(PAGE_SIZE);
        long counted;
        try (PreparedStatement ps = con.prepareStatement(statement.sql())) {
            bind(ps, statement.params());
            try (ResultSet rs = ps.executeQuery()) {
                counted = 0;
                while (rs.next()) {
                    counted = rs.getLong("total");
                    UUID id = rs.getObject("user_id", UUID.class);
                    if (id != null) {
                        ids.add(id);
                    }
                }
            }
        }
        boolean exact = !statement.bounded() || counted <= TOTAL_BOUND;
        return new Page(ids, exact ? counted : TOTAL_BOUND, exact);
    }

    /** One page's statement with its parameters; {@code bounded}: the total is counted up to the bound. */
    private record Statement(String sql, List<Object> params, boolean bounded) {
    }

    private static Statement statement(String platformId, Query query) {
        Filter f = query.filter();
        Where where = Where.of(platformId, f);
        boolean bounded = f.email() != null;
        long offset = query.byCursor() ? 0L : (long) query.page() * PAGE_SIZE;
        List<Object> params = new ArrayList<>();
        String with;
        String pageIds;
        if (bounded && !query.byCursor()) {
            // one walk in the page's order for the page and the bounded total
            with = "WITH walk AS (SELECT user_id, email_lower, last_login_key FROM platform_user WHERE " + where.sql()
                    + " ORDER BY " + orderBy(query.sort(), "") + " LIMIT ?), total AS (SELECT count(*) FROM walk)";
            params.addAll(where.params());
            params.add(Math.max(offset + PAGE_SIZE, TOTAL_BOUND + 1));
            pageIds = "SELECT user_id FROM walk ORDER BY " + orderBy(query.sort(), "") + " LIMIT ? OFFSET ?";
            params.add(PAGE_SIZE);
            params.add(offset);
        } else if (!query.byCursor() && offset > 0 && query.sort().column().equals("last_login_key")) {
            // the page starts on the login day where the tally's users before it reach the offset (DaySeek)
            boolean desc = query.sort().descending();
            with = "WITH days AS (SELECT login_day, sum(users) AS users FROM " + tallyRows(platformId, f, params)
                    + " GROUP BY login_day), total AS (SELECT coalesce(sum(users), 0) AS count FROM days),"
                    + " start AS (SELECT login_day, (? - before)::bigint AS skip FROM (SELECT login_day,"
                    + " sum(users) OVER (ORDER BY login_day " + (desc ? "DESC" : "ASC") + ") - users AS before"
                    + " FROM days) d WHERE before <= ? ORDER BY login_day " + (desc ? "ASC" : "DESC") + " LIMIT 1)";
            params.add(offset);
            params.add(offset);
            String bound = desc
                    ? "last_login_key <= (SELECT CASE WHEN login_day = '-infinity' THEN '-infinity'::timestamptz"
                            + " ELSE (login_day + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond' END"
                            + " FROM start)"
                    : "last_login_key >= (SELECT CASE WHEN login_day = '-infinity' THEN '-infinity'::timestamptz"
                            + " ELSE login_day::timestamp AT TIME ZONE 'UTC' END FROM start)";
            params.addAll(where.params());
            pageIds = "SELECT user_id FROM platform_user WHERE " + where.sql() + " AND " + bound + " ORDER BY "
                    + orderBy(query.sort(), "") + " LIMIT ? OFFSET (SELECT skip FROM start)";
            params.add(PAGE_SIZE);
        } else {
            String anchor = "";
            if (query.byCursor()) {
                anchor = "anchor AS (SELECT " + query.sort().column() + " AS sort_key, user_id FROM platform_user"
                        + " WHERE platform_id = ? AND user_id = ?), ";
                params.add(platformId);
                params.add(query.seek().userId());
            }
            String total;
            if (bounded) {
                total = "SELECT count(*) FROM (SELECT 1 FROM platform_user WHERE " + where.sql()
                        + " ORDER BY last_login_key, user_id LIMIT ?) b";
                params.addAll(where.params());
                params.add(TOTAL_BOUND + 1);
            } else {
                total = tallySql(platformId, f, params);
            }
            with = "WITH " + anchor + "total AS (" + total + ")";
            params.addAll(where.params());
            String seek = "";
            if (query.byCursor()) {
                seek = " AND (" + query.sort().column() + ", user_id) " + (query.sort().descending() ? "<" : ">")
                        + " ((SELECT sort_key FROM anchor), (SELECT user_id FROM anchor))";
            }
            pageIds = "SELECT user_id FROM platform_user WHERE " + where.sql() + seek + " ORDER BY "
                    + orderBy(query.sort(), "") + " LIMIT ? OFFSET ?";
            params.add(PAGE_SIZE);
            params.add(offset);
        }
        params.add(platformId);
        String sql = with + " SELECT total.count AS total, " + (query.byCursor() ? "EXISTS (SELECT 1 FROM anchor)"
                : "true") + " AS anchored, p.user_id FROM total LEFT JOIN LATERAL (SELECT q.* FROM ("
                + pageIds + ") k JOIN platform_user q ON q.user_id = k.user_id AND q.platform_id = ?) p ON true"
                + " ORDER BY " + orderBy(query.sort(), "p.");
        return new Statement(sql, params, bounded);
    }

    /** The row a page by number ends with (its id). */
    private static Seek seekAfter(Connection con, String platformId, Query page) throws SQLException {
        Where where = Where.of(platformId, page.filter());
        List<Object> params = new ArrayList<>(where.params());
        params.add((long) page.page() * PAGE_SIZE + PAGE_SIZE - 1);
        try (PreparedStatement ps = con.prepareStatement("SELECT user_id"
                + " FROM platform_user WHERE " + where.sql() + " ORDER BY " + orderBy(page.sort(), "")
                + " LIMIT 1 OFFSET ?")) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No last row on page " + (page.page() + 1) + " of " + page.label());
                }
                return new Seek(rs.getObject(1, UUID.class));
            }
        }
    }

    /** The exact number of users matching {@code f} (for the report and to find the deep page; not timed). */
    private static long exactCount(Connection con, String platformId, Filter f) throws SQLException {
        Where where = Where.of(platformId, f);
        try (PreparedStatement ps = con.prepareStatement("SELECT count(*) FROM platform_user WHERE " + where.sql())) {
            bind(ps, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                return count;
            }
        }
    }

    /**
     * Without an email term the service sums its tally of users by role and day of last login, as {@code count};
     * adds its parameters to {@code params}.
     */
    private static String tallySql(String platformId, Filter f, List<Object> params) {
        return "SELECT coalesce(sum(users), 0) AS count FROM " + tallyRows(platformId, f, params);
    }

    /** The tally rows the service counts for {@code f}, as a FROM item; adds its parameters to {@code params}. */
    private static String tallyRows(String platformId, Filter f, List<Object> params) {
        StringBuilder sql = new StringBuilder("(SELECT role, login_day, users FROM platform_user_tally"
                + " WHERE platform_id = ? UNION ALL SELECT role, login_day, users FROM platform_user_tally_delta"
                + " WHERE platform_id = ?) t WHERE true");
        params.add(platformId);
        params.add(platformId);
        if (f.role() != null) {
            sql.append(" AND role = ?");
            params.add(f.role());
        }
        if (f.lastLoginOnOrBefore() != null) {
            sql.append(" AND login_day < ?");
            params.add(f.lastLoginOnOrBefore().plusDays(1));
        }
        return sql.toString();
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
    }

    /**
     * A connection set up like the service's pool (user-query-service's application.yml: the pool's
     * {@code connection-init-sql}) and used like {@code UserDirectory.page} uses it: one statement in autocommit.
     */
    private Connection connect() throws SQLException {
        Connection con = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
        try (var st = con.createStatement()) {
            st.execute("SET plan_cache_mode = force_custom_plan; SET random_page_cost = 1.1;"
                    + " SET max_parallel_workers_per_gather = 0");
        }
        return con;
    }
}
