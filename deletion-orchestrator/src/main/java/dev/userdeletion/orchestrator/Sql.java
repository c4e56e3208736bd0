package dev.userdeletion.orchestrator;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/** Small JDBC helpers for PostgreSQL arrays, timestamps and one plan. */
public final class Sql {

    private Sql() {
    }

    /**
     * Runs {@code update}, a statement that joins a batch of ids (arrays) to {@code deletion_item} by its primary key,
     * with sequential scans off for that statement alone, in the caller's transaction: a batch of 1,000 looks its items
     * up in the primary key (4 ms) instead of scanning a table of hundreds of thousands of items. The statements also
     * keep their filter on the item's state ({@code outcome IS NULL}) out of the join (see {@code ItemDecisions}):
     * statistics taken while every item was decided, just before a review added 100,000, make the planner expect one
     * undecided item, and the setting alone did not stop it from looping over the batch once per item. A failed
     * statement aborts the transaction, which discards the setting.
     */
    public static <T> T updateByPrimaryKey(JdbcTemplate jdbc, Supplier<T> update) {
        jdbc.execute("SET LOCAL enable_seqscan = off");
        T result = update.get();
        jdbc.execute("SET LOCAL enable_seqscan TO DEFAULT");
        return result;
    }

    public static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray(UUID[]::new));
    }

    public static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray(String[]::new));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static List<UUID> uuidList(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return null;
        }
        return Arrays.stream((Object[]) array.getArray()).map(o -> (UUID) o).toList();
    }

    public static List<String> stringList(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return null;
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
