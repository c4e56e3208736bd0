package dev.userdeletion.localstack.benchmark;

import dev.userdeletion.localstack.ApiClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/**
 * Query latency of the user directory over HTTP with N concurrent clients, for every filter combination,
 * both sorts, the first and a deep page; and the same statements run directly on the read model's
 * database with N connections (the limit). Each combination's HTTP answer is checked against SQL.
 */
final class QueryBenchmark {

    static final int PAGE_SIZE = 50;
    /** The deep page: rows 50,001-50,050, or the last page when there are fewer matches. */
    static final int DEEP_PAGE = 1000;

    record Filter(String label, String email, String role, LocalDate lastLoginOnOrBefore) {
    }

    record Sort(String label, String param, String column, boolean descending) {
    }

    record Query(Filter filter, Sort sort, String pageLabel, int page) {
        String label() {
            return filter.label() + " / " + sort.label() + " / " + pageLabel;
        }
    }

    record Result(Query query, long total, Latencies http, Latencies sql, boolean matches) {
    }

    /** What one call returns: the ids of the page, in order, and the total. */
    private record Page(List<UUID> ids, long total) {
    }

    private final ApiClient userQuery;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final BenchmarkScale scale;

    QueryBenchmark(ApiClient userQuery, String jdbcUrl, String dbUser, String dbPassword, BenchmarkScale scale) {
        this.userQuery = userQuery;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.scale = scale;
    }

    static final int WARM_UP_ROUNDS = 3;

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

    List<Result> run(String platformId, LocalDate today) throws Exception {
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(scale.clients());
        try {
            for (int i = 0; i < scale.clients(); i++) {
                connections.add(connect());
            }
            List<Query> queries = new ArrayList<>();
            for (Filter filter : filters(today)) {
                long total = sql(connections.getFirst(), platformId, new Query(filter, sorts().getFirst(), "first", 0))
                        .total();
                int lastPage = (int) Math.max(0, (total + PAGE_SIZE - 1) / PAGE_SIZE - 1);
                for (Sort sort : sorts()) {
                    queries.add(new Query(filter, sort, "first page", 0));
                    queries.add(new Query(filter, sort, "page " + (Math.min(DEEP_PAGE, lastPage) + 1),
                            Math.min(DEEP_PAGE, lastPage)));
                }
            }
            warmUp(pool, platformId, queries, connections);
            List<Result> results = new ArrayList<>();
            for (Query query : queries) {
                Page viaHttp = http(platformId, query);
                Page viaSql = sql(connections.getFirst(), platformId, query);
                Latencies httpLatency = measure(pool, i -> () -> http(platformId, query));
                Latencies sqlLatency = measure(pool, i -> () -> sql(connections.get(i), platformId, query));
                results.add(new Result(query, viaSql.total(), httpLatency, sqlLatency, viaHttp.equals(viaSql)));
            }
            return results;
        } finally {
            pool.shutdownNow();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /**
     * Before anything is timed, every client runs every query {@value #WARM_UP_ROUNDS} times over HTTP and in SQL:
     * the services' JIT compilers and PostgreSQL's caches then measure in their steady state, not the first
     * combination paying for everyone's warm-up.
     */
    private void warmUp(ExecutorService pool, String platformId, List<Query> queries, List<Connection> connections)
            throws Exception {
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < scale.clients(); c++) {
            Connection connection = connections.get(c);
            clients.add(pool.submit(() -> {
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    for (Query query : queries) {
                        http(platformId, query);
                        sql(connection, platformId, query);
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
    }

    /** Every client runs the call once more, then {@code queriesPerClient} timed times. */
    private Latencies measure(ExecutorService pool, java.util.function.IntFunction<Callable<Page>> call)
            throws Exception {
        List<Future<long[]>> clients = new ArrayList<>();
        for (int c = 0; c < scale.clients(); c++) {
            Callable<Page> task = call.apply(c);
            clients.add(pool.submit(() -> {
                task.call();
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
        int at = 0;
        for (Future<long[]> client : clients) {
            long[] nanos = client.get();
            System.arraycopy(nanos, 0, all, at, nanos.length);
            at += nanos.length;
        }
        return Latencies.of(all);
    }

    private Page http(String platformId, Query query) {
        StringBuilder path = new StringBuilder("/api/platforms/" + platformId + "/users?size=" + PAGE_SIZE
                + "&page=" + query.page() + "&sort=" + query.sort().param());
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
        ApiClient.Response response = userQuery.get(path.toString());
        if (response.status() != 200) {
            throw new IllegalStateException("Query " + query.label() + " answered " + response.status());
        }
        List<UUID> ids = new ArrayList<>(PAGE_SIZE);
        for (JsonNode item : response.body().get("items")) {
            ids.add(UUID.fromString(item.get("userId").asString()));
        }
        return new Page(ids, response.body().get("totalElements").asLong());
    }

    /**
     * The statements user-query-service runs for a page, with the same session settings, in one
     * read-only repeatable-read transaction: the page, and the total unless the page shows the end (from
     * the tally without an email term, else a count).
     */
    private static Page sql(Connection con, String platformId, Query query) throws SQLException {
        StringBuilder where = new StringBuilder("platform_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(platformId);
        Filter f = query.filter();
        if (f.email() != null) {
            where.append(" AND email_lower LIKE lower(?) ESCAPE '\\'");
            params.add("%" + f.email() + "%");
        }
        if (f.role() != null) {
            where.append(" AND role = ?");
            params.add(f.role());
        }
        if (f.lastLoginOnOrBefore() != null) {
            where.append(" AND last_login_key < ?");
            params.add(OffsetDateTime.of(f.lastLoginOnOrBefore().plusDays(1).atStartOfDay(), ZoneOffset.UTC));
        }
        String direction = query.sort().descending() ? " DESC" : " ASC";
        long offset = (long) query.page() * PAGE_SIZE;
        List<UUID> ids = new ArrayList<>(PAGE_SIZE);
        String order = query.sort().column() + direction + ", user_id" + direction;
        try (PreparedStatement ps = con.prepareStatement("SELECT p.user_id, p.email, p.role, p.last_login_at,"
                + " p.platform_count FROM (SELECT user_id FROM platform_user WHERE " + where + " ORDER BY " + order
                + " LIMIT ? OFFSET ?) k JOIN platform_user p ON p.user_id = k.user_id AND p.platform_id = ?"
                + " ORDER BY p." + order.replace(", user_id", ", p.user_id"))) {
            int i = bind(ps, params);
            ps.setInt(i++, PAGE_SIZE);
            ps.setLong(i++, offset);
            ps.setString(i, platformId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        long total;
        if (ids.size() < PAGE_SIZE && (!ids.isEmpty() || offset == 0)) {
            total = offset + ids.size();
        } else if (f.email() == null) {
            total = tallied(con, platformId, f);
        } else {
            try (PreparedStatement ps = con.prepareStatement("SELECT count(*) FROM platform_user WHERE " + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
        }
        con.commit();
        return new Page(ids, total);
    }

    /** Without an email term the service sums its tally of users by role and day of last login. */
    private static long tallied(Connection con, String platformId, Filter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT coalesce(sum(users), 0) FROM (SELECT role, login_day, users"
                + " FROM platform_user_tally WHERE platform_id = ? UNION ALL SELECT role, login_day, users"
                + " FROM platform_user_tally_delta WHERE platform_id = ?) t WHERE true");
        List<Object> params = new ArrayList<>(List.of(platformId, platformId));
        if (f.role() != null) {
            sql.append(" AND role = ?");
            params.add(f.role());
        }
        if (f.lastLoginOnOrBefore() != null) {
            sql.append(" AND login_day < ?");
            params.add(f.lastLoginOnOrBefore().plusDays(1));
        }
        try (PreparedStatement ps = con.prepareStatement(sql.toString())) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    /** A connection set up like the service's pool (see user-query-service's application.yml). */
    private Connection connect() throws SQLException {
        Connection con = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
        try (var st = con.createStatement()) {
            st.execute("SET plan_cache_mode = force_custom_plan; SET random_page_cost = 1.1");
        }
        con.setAutoCommit(false);
        con.setReadOnly(true);
        con.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return con;
    }
}
