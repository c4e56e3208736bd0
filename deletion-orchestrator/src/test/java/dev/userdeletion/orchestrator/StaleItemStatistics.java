package dev.userdeletion.orchestrator;

import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.infra.SharedInfrastructure;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.SQLWarningException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of the orchestrator's schema (its own, so that no other test's items change its statistics) in the
 * state that stalled a delete-all: {@code deletion_item} was analyzed while all its items were decided (5,000), then a
 * review added 50,000 undecided ones. The planner then believes one item is undecided.
 */
public final class StaleItemStatistics {

    public static final UUID DECIDED_REQUEST = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    public static final UUID PENDING_REQUEST = UUID.fromString("00000000-0000-0000-0000-00000000000e");
    private static final String DATABASE = "orchestrator_stale_statistics";

    /** One undecided item of the pending request. */
    public record PendingItem(UUID requestId, UUID userId, UUID commandId) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    private StaleItemStatistics(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A fresh database in that state (the same database each time, emptied and filled again). */
    public static StaleItemStatistics create() {
        LocalInfrastructure infra = SharedInfrastructure.withDatabase(DATABASE);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infra.jdbcUrl(DATABASE),
                LocalInfrastructure.DB_USER, LocalInfrastructure.DB_PASSWORD);
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE deletion_item");
        jdbc.update("INSERT INTO deletion_item (request_id, user_id, command_id, platform_count, outcome, decided_at)"
                + " SELECT ?, gen_random_uuid(), gen_random_uuid(), 1, 'DELETED', now() FROM generate_series(1, 5000)",
                DECIDED_REQUEST);
        jdbc.execute("ANALYZE deletion_item");
        jdbc.update("INSERT INTO deletion_item (request_id, user_id, command_id, platform_count)"
                + " SELECT ?, gen_random_uuid(), gen_random_uuid(), 1 FROM generate_series(1, 50000)", PENDING_REQUEST);
        return new StaleItemStatistics(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Runs {@code work} in one transaction, as the listeners do. */
    public <T> T inTransaction(Function<JdbcTemplate, T> work) {
        return transactions.execute(status -> work.apply(jdbc));
    }

    /**
     * The plan PostgreSQL executed for the first statement {@code work} runs (in one transaction) that has a plan:
     * {@code auto_explain} sends it as a notice, which a JdbcTemplate that does not ignore warnings raises (ending
     * the work there; its transaction rolls back).
     */
    public String executedPlan(Consumer<JdbcTemplate> work) {
        JdbcTemplate explaining = new JdbcTemplate(jdbc.getDataSource());
        explaining.setIgnoreWarnings(false);
        try {
            transactions.executeWithoutResult(status -> {
                explaining.execute("LOAD 'auto_explain'");
                explaining.execute("SET LOCAL auto_explain.log_min_duration = 0");
                explaining.execute("SET LOCAL auto_explain.log_level = notice");
                work.accept(explaining);
            });
        } catch (SQLWarningException planned) {
            return planned.getSQLWarning().getMessage();
        }
        throw new AssertionError("the work ran no statement with a plan");
    }

    /** {@code count} undecided items of the pending request. */
    public List<PendingItem> pending(int count) {
        return jdbc.query("SELECT request_id, user_id, command_id FROM deletion_item WHERE request_id = ?"
                        + " ORDER BY user_id LIMIT ?", (rs, i) -> new PendingItem(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)), PENDING_REQUEST, count);
    }

    /**
     * The plan of {@code sql} (as {@link #plan}) when the planner may only nest loops and scans the table by index:
     * the plan shape that stalled a delete-all for 140 s (the table's scan outside, expected to give one undecided
     * item, and the whole batch inside it) is then the cheapest a statement can have, if it can have it at all.
     */
    public String planWithNestedLoopsOnly(String sql, List<PendingItem> items, List<List<String>> more) {
        return inTransaction(tx -> {
            tx.execute("SET LOCAL enable_hashjoin = off");
            tx.execute("SET LOCAL enable_mergejoin = off");
            tx.execute("SET LOCAL enable_seqscan = off");
            return plan(tx, sql, items, more);
        });
    }

    /** Whether every scan of {@code deletion_item} in {@code plan} looks up one item of the batch by primary key. */
    public static boolean batchDrivesEveryLookup(String plan) {
        String[] lines = plan.split("\n");
        boolean scans = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("Scan") && lines[i].contains(" on deletion_item")) {
                scans = true;
                if (i + 1 == lines.length || !lines[i + 1].contains(
                        "Index Cond: ((request_id = v.request_id) AND (user_id = v.user_id))")) {
                    return false;
                }
            }
        }
        return scans;
    }

    /**
     * The plan of {@code sql} (its first parameters the arrays of the items' request, user and command ids, then
     * {@code more} arrays of text), planned with these values as the statement's first executions are.
     */
    public static String plan(JdbcTemplate jdbc, String sql, List<PendingItem> items, List<List<String>> more) {
        List<String> lines = new ArrayList<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("EXPLAIN " + sql);
            ps.setArray(1, Sql.uuids(con, items.stream().map(PendingItem::requestId).toList()));
            ps.setArray(2, Sql.uuids(con, items.stream().map(PendingItem::userId).toList()));
            ps.setArray(3, Sql.uuids(con, items.stream().map(PendingItem::commandId).toList()));
            for (int i = 0; i < more.size(); i++) {
                ps.setArray(4 + i, Sql.texts(con, more.get(i)));
            }
            return ps;
        }, rs -> {
            lines.add(rs.getString(1));
        });
        return String.join("\n", lines);
    }
}
