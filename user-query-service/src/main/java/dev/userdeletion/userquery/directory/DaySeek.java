package dev.userdeletion.userquery.directory;

/**
 * SQL for a page by number in last-login order that starts from the tally instead of walking every row before it.
 * {@code days} (a CTE: login_day, users matching the filter) is what the tally counts per UTC day of last login, in
 * the same statement (one snapshot) as the rows; {@code start} is the day the page's first row is on and how many of
 * that day's rows come before it ({@code skip}). No {@code start} row (the offset is past the last user): the bound
 * is NULL and the page is empty.
 */
final class DaySeek {

    private DaySeek() {
    }

    /**
     * The CTE {@code start}: in page order, the last day whose users before it ({@code before}, a running sum) are
     * at most the offset (the statement's {@code :offset} parameter). Days without users (all deleted) are harmless: one chosen with {@code skip} 0 starts the
     * page at the next day's first row.
     */
    static String startSql(boolean descending) {
        String pageOrder = descending ? "DESC" : "ASC";
        String lastInPageOrder = descending ? "ASC" : "DESC";
        return "start AS (SELECT login_day, (:offset - before)::bigint AS skip FROM (SELECT login_day,"
                + " sum(users) OVER (ORDER BY login_day " + pageOrder + ") - users AS before FROM days) d"
                + " WHERE before <= :offset ORDER BY login_day " + lastInPageOrder + " LIMIT 1)";
    }

    /**
     * The rows from the start day on, in page order, as an index range on {@code last_login_key}: descending, up to
     * the day's last microsecond; ascending, from its first. Never logged in is {@code -infinity} (its day too).
     */
    static String boundSql(boolean descending) {
        return descending
                ? "last_login_key <= (SELECT CASE WHEN login_day = '-infinity' THEN '-infinity'::timestamptz"
                        + " ELSE (login_day + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond' END FROM start)"
                : "last_login_key >= (SELECT CASE WHEN login_day = '-infinity' THEN '-infinity'::timestamptz"
                        + " ELSE login_day::timestamp AT TIME ZONE 'UTC' END FROM start)";
    }
}
