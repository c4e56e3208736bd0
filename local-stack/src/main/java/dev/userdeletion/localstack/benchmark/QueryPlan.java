package dev.userdeletion.localstack.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL did for one page's statement: {@code EXPLAIN (ANALYZE, BUFFERS)} run once on a warm cache, reduced
 * to what the index design is checked by: the scans (and the index each uses), the buffers of the whole statement and
 * its execution time. A sequential scan of {@code platform_user} would mean the platform's index was not used.
 *
 * @param scans         each distinct scan, e.g. {@code Index Only Scan using platform_user_email_idx}
 * @param sharedHit     shared buffers found in the cache, for the whole statement
 * @param sharedRead    shared buffers read from disk (or the OS cache)
 * @param executionMs   the execution time PostgreSQL reports
 * @param lines         the plan as text
 */
record QueryPlan(List<String> scans, long sharedHit, long sharedRead, double executionMs, List<String> lines) {

    private static final Pattern SCAN = Pattern.compile(
            "((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)"
                    + "(?: Backward)?(?: using \\S+)?(?: on \\S+)?)");
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");
    private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([\\d.]+) ms");

    boolean scansSequentially(String table) {
        return scans.contains("Seq Scan on " + table);
    }

    /** Runs {@code EXPLAIN (ANALYZE, BUFFERS)} of {@code sql} with {@code params} on {@code con} (autocommit). */
    static QueryPlan explain(Connection con, String sql, List<Object> params) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return of(lines);
    }

    static QueryPlan of(List<String> lines) {
        Set<String> scans = new LinkedHashSet<>();
        long hit = 0;
        long read = 0;
        boolean topBuffers = false;
        double execution = 0;
        for (String line : lines) {
            Matcher scan = SCAN.matcher(line);
            if (scan.find()) {
                scans.add(scan.group(1));
            }
            Matcher buffers = BUFFERS.matcher(line);
            if (!topBuffers && buffers.find()) {
                // the first Buffers line belongs to the top node: the whole statement's buffers
                hit = buffers.group(1) == null ? 0 : Long.parseLong(buffers.group(1));
                read = buffers.group(2) == null ? 0 : Long.parseLong(buffers.group(2));
                topBuffers = true;
            }
            Matcher executed = EXECUTION.matcher(line);
            if (executed.find()) {
                execution = Double.parseDouble(executed.group(1));
            }
        }
        return new QueryPlan(List.copyOf(scans), hit, read, execution, List.copyOf(lines));
    }
}
