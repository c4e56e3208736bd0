package dev.userdeletion.userquery.directory;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read model's queries; every one is scoped to one platform. A query that is one statement runs outside a
 * transaction (autocommit): one statement reads one snapshot, and the transaction would only add a round trip for
 * its COMMIT. The streams run in a read-only transaction, which their server-side cursor needs. Pages, counts and
 * lookups hold a place in the {@link QueryBulkhead} while their statement runs; the streams do not.
 */
@Repository
public class UserDirectory {

    /** A list with an email term is counted up to this many users; beyond, its total is a lower bound. */
    public static final int TOTAL_BOUND = 1000;
    /** Rows per round trip when streaming ids through a cursor. */
    static final int STREAM_FETCH_SIZE = 5_000;

    private static final String COLUMNS = "user_id, email, role, last_login_at, platform_count";
    private static final String PAGE_COLUMNS = "p.user_id, p.email, p.role, p.last_login_at, p.platform_count";
    private static final RowMapper<UserItem> ITEM = UserDirectory::item;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final JdbcTemplate plain;
    private final QueryBulkhead bulkhead;

    UserDirectory(DataSource dataSource, QueryBulkhead bulkhead) {
        this.bulkhead = bulkhead;
        this.plain = new JdbcTemplate(dataSource);
        this.jdbc = new NamedParameterJdbcTemplate(plain);
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(STREAM_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
    }

    /**
     * One page and the total in one statement (one snapshot, one round trip). The total of a list with an email
     * term is counted up to {@value #TOTAL_BOUND} (a substring can only be counted on the users themselves, and a
     * common term matches tens of thousands); beyond, the page says it is a lower bound. Without an email term it is
     * an exact sum over the platform's tally. {@code after} (null: none) starts the page after that row, by index
     * (keyset), however deep; otherwise {@code page} skips {@code page × size} rows. A cursor's row that is no longer
     * on the platform (the user deleted or removed since) gives 400: where it was is not known any more.
     */
    public Page page(UserFilter filter, UserSort sort, int page, int size, PageCursor after) {
        Where where = Where.of(filter);
        long offset = after == null ? (long) page * size : 0;
        MapSqlParameterSource params = where.params().addValue("limit", size).addValue("offset", offset)
                .addValue("bound", TOTAL_BOUND + 1);
        String seek = "";
        String anchor = "";
        if (after != null) {
            // The cursor names its row by id only; the row's sort key is read here, in the same snapshot, and the
            // page continues from it by index (two initplan values in the index condition).
            anchor = "anchor AS (SELECT " + sort.field().column() + " AS sort_key, user_id FROM platform_user"
                    + " WHERE platform_id = :platformId AND user_id = :afterUser), ";
            seek = " AND (" + sort.field().column() + ", user_id) " + (sort.descending() ? "<" : ">")
                    + " ((SELECT sort_key FROM anchor), (SELECT user_id FROM anchor))";
            params.addValue("afterUser", after.userId());
        }
        boolean bounded = filter.emailContains() != null || !startsAUtcDay(filter.lastLoginBefore());
        String with;
        String pageIds;
        if (bounded && after == null) {
            // One walk in the page's order serves the page and its bounded total: it reads the matches up to the
            // page's last row or the bound, whichever is further. A second walk for the total would read again the
            // entries before the first match (with a substring that is half the platform's index when the matches
            // sort late) and, for a deep page, the same matches.
            params.addValue("walk", Math.max(offset + size, TOTAL_BOUND + 1));
            with = "WITH walk AS (SELECT user_id, email_lower, last_login_key FROM platform_user WHERE " + where.sql()
                    + " ORDER BY " + sort.orderBy() + " LIMIT :walk), total AS (SELECT count(*) FROM walk)";
            pageIds = "SELECT user_id FROM walk ORDER BY " + sort.orderBy() + " LIMIT :limit OFFSET :offset";
        } else if (!bounded && after == null && offset > 0 && sort.field() == UserSort.Field.LAST_LOGIN_AT) {
            // The tally says how many matching users logged in on each day: the page starts on the day where those
            // before it reach the offset, and only that day's users before the page's first row are skipped,
            // instead of every row before the page (50,000 index entries for page 1,001).
            with = "WITH days AS (SELECT login_day, sum(users) AS users FROM " + tallyRows(filter, params)
                    + " GROUP BY login_day), total AS (SELECT coalesce(sum(users), 0) AS count FROM days), "
                    + DaySeek.startSql(sort.descending());
            pageIds = "SELECT user_id FROM platform_user WHERE " + where.sql() + " AND "
                    + DaySeek.boundSql(sort.descending()) + " ORDER BY " + sort.orderBy()
                    + " LIMIT :limit OFFSET (SELECT skip FROM start)";
        } else {
            // The bounded count walks the last-login index (it carries every filter column): a term's matches are
            // spread evenly in that order, so 1,001 of them come after about 1,001 / (share of matches) entries,
            // where in email order a term that sorts late (any first name after "a") is reached only after every
            // entry before it. The ORDER BY only pins that walk; a rare term is still counted by the trigram index.
            String total = bounded
                    ? "SELECT count(*) FROM (SELECT 1 FROM platform_user WHERE " + where.sql()
                            + " ORDER BY last_login_key, user_id LIMIT :bound) b"
                    : tallySql(filter, params);
            with = "WITH " + anchor + "total AS (" + total + ")";
            // Deferred join: the rows skipped by OFFSET are read from the index alone (every filter and sort column
            // is in it), and only the page's rows are fetched from the table; a deep page skips thousands of rows.
            pageIds = "SELECT user_id FROM platform_user WHERE " + where.sql() + seek + " ORDER BY " + sort.orderBy()
                    + " LIMIT :limit OFFSET :offset";
        }
        long[] counted = {0};
        boolean[] anchored = {true};
        List<UserItem> items = new ArrayList<>();
        String statement = with + " SELECT total.count AS total, "
                + (after == null ? "true" : "EXISTS (SELECT 1 FROM anchor)")
                + " AS anchored, p.* FROM total LEFT JOIN LATERAL (SELECT q.* FROM (" + pageIds
                + ") k JOIN platform_user q ON q.user_id = k.user_id AND q.platform_id = :platformId) p"
                + " ON true ORDER BY " + sort.orderBy("p");
        bulkhead.run(() -> {
            jdbc.query(statement, params, rs -> {
                counted[0] = rs.getLong("total");
                anchored[0] = rs.getBoolean("anchored");
                if (rs.getObject("user_id") != null) {
                    items.add(item(rs, 0));
                }
            });
            return null;
        });
        if (!anchored[0]) {
            throw ApiProblem.invalid("after names a user who is no longer on this platform (deleted or removed since"
                    + " the page before was read): ask for the page by number");
        }
        boolean exact = !bounded || counted[0] <= TOTAL_BOUND;
        long totalElements = exact ? counted[0] : TOTAL_BOUND;
        PageCursor next = items.size() == size ? new PageCursor(sort, items.getLast().userId()) : null;
        return new Page(items, after == null ? page : null, size, totalElements, exact, next);
    }

    /** A page before its cursor is encoded for the client. */
    public record Page(List<UserItem> items, Integer page, int size, long totalElements, boolean totalIsExact,
                       PageCursor next) {
    }

    /** The exact number of matching users (one statement: one snapshot, also over the tally's two tables). */
    public long count(UserFilter filter) {
        return bulkhead.run(() -> count(filter, Where.of(filter)));
    }

    /**
     * Without an email term, the count is a sum over the platform's tally (by role and day of last login,
     * V2 migration): about 1,500 rows for the largest platform instead of up to 200,000 index entries. An email
     * term (a substring) can only be counted on the users themselves.
     */
    private long count(UserFilter filter, Where where) {
        if (filter.emailContains() == null && startsAUtcDay(filter.lastLoginBefore())) {
            return tallied(filter);
        }
        Long count = jdbc.queryForObject("SELECT count(*) FROM platform_user WHERE " + where.sql(), where.params(),
                Long.class);
        return count == null ? 0 : count;
    }

    private long tallied(UserFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource("platformId", filter.platformId());
        Long count = jdbc.queryForObject(tallySql(filter, params), params, Long.class);
        return count == null ? 0 : count;
    }

    /** The sum over the tally for {@code filter}, as {@code count}; adds its parameters to {@code params}. */
    private static String tallySql(UserFilter filter, MapSqlParameterSource params) {
        return "SELECT coalesce(sum(users), 0) AS count FROM " + tallyRows(filter, params);
    }

    /**
     * The tally's rows (role, login_day, users; a day may have several) that {@code filter} counts, as a FROM item
     * with its WHERE clause; adds its parameters to {@code params}.
     */
    private static String tallyRows(UserFilter filter, MapSqlParameterSource params) {
        StringBuilder sql = new StringBuilder("("
                + "SELECT role, login_day, users FROM platform_user_tally WHERE platform_id = :platformId"
                + " UNION ALL SELECT role, login_day, users FROM platform_user_tally_delta WHERE platform_id = :platformId"
                + ") t WHERE true");
        if (filter.roles().size() == 1) {
            sql.append(" AND role = :role");
            params.addValue("role", filter.roles().iterator().next().name());
        }
        if (filter.lastLoginBefore() != null) {
            // the last login is before the start of day D exactly when its UTC day is before D
            sql.append(" AND login_day < :day");
            params.addValue("day", LocalDate.ofInstant(filter.lastLoginBefore(), ZoneOffset.UTC));
        }
        return sql.toString();
    }

    private static boolean startsAUtcDay(Instant instant) {
        return instant == null || instant.equals(LocalDate.ofInstant(instant, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /**
     * Hands every matching user id to {@code sink}, read through a server-side cursor
     * ({@value #STREAM_FETCH_SIZE} rows at a time), so memory stays constant however many there are.
     * The order is unspecified.
     */
    @Transactional(readOnly = true)
    public void streamUserIds(UserFilter filter, Consumer<UUID> sink) {
        Where where = Where.of(filter);
        streaming.query("SELECT user_id FROM platform_user WHERE " + where.sql(), where.params(),
                rs -> {
                    sink.accept(rs.getObject(1, UUID.class));
                });
    }

    /** Receives a matching user and the number of platforms the user is on. */
    @FunctionalInterface
    public interface MemberSink {
        void accept(UUID userId, int platformCount);
    }

    /** Like {@link #streamUserIds}, with each user's number of platforms (what a deletion review needs). */
    @Transactional(readOnly = true)
    public void streamMembers(UserFilter filter, MemberSink sink) {
        Where where = Where.of(filter);
        streaming.query("SELECT user_id, platform_count FROM platform_user WHERE " + where.sql(), where.params(),
                rs -> {
                    sink.accept(rs.getObject(1, UUID.class), rs.getInt(2));
                });
    }

    /** The members of {@code platformId} among {@code userIds}, in no particular order. */
    public List<UserItem> members(String platformId, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return bulkhead.run(() -> plain.query("SELECT " + COLUMNS + " FROM platform_user WHERE platform_id = ?"
                + " AND user_id = ANY(?)", ps -> {
                    ps.setString(1, platformId);
                    ps.setArray(2, ps.getConnection().createArrayOf("uuid", userIds.toArray()));
                }, ITEM));
    }

    private static UserItem item(ResultSet rs, int row) throws SQLException {
        OffsetDateTime lastLogin = rs.getObject("last_login_at", OffsetDateTime.class);
        return new UserItem(rs.getObject("user_id", UUID.class), rs.getString("email"),
                Role.valueOf(rs.getString("role")), lastLogin == null ? null : lastLogin.toInstant(),
                rs.getInt("platform_count"));
    }

    /** The WHERE clause of a filter; values are always bound, never spliced in. */
    private record Where(String sql, MapSqlParameterSource params) {

        static Where of(UserFilter filter) {
            StringBuilder sql = new StringBuilder("platform_id = :platformId");
            MapSqlParameterSource params = new MapSqlParameterSource("platformId", filter.platformId());
            if (filter.emailContains() != null) {
                // lower() in SQL, the same function that fills email_lower
                sql.append(" AND email_lower LIKE lower(:emailPattern) ESCAPE '\\'");
                params.addValue("emailPattern", "%" + escapeLike(filter.emailContains()) + "%");
            }
            if (filter.roles().size() == 1) {
                sql.append(" AND role = :role");
                params.addValue("role", filter.roles().iterator().next().name());
            }
            if (filter.lastLoginBefore() != null) {
                // never logged in is -infinity in last_login_key, so it is included
                sql.append(" AND last_login_key < :lastLoginBefore");
                params.addValue("lastLoginBefore", OffsetDateTime.ofInstant(filter.lastLoginBefore(), ZoneOffset.UTC));
            }
            return new Where(sql.toString(), params);
        }

        /** The term taken literally: LIKE's wildcards and its escape character are escaped. */
        static String escapeLike(String term) {
            StringBuilder escaped = new StringBuilder(term.length() + 8);
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (c == '\\' || c == '%' || c == '_') {
                    escaped.append('\\');
                }
                escaped.append(c);
            }
            return escaped.toString();
        }
    }
}
