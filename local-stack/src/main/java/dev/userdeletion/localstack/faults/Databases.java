package dev.userdeletion.localstack.faults;

import dev.userdeletion.infra.LocalInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the services' databases directly, as an operator would, to see how far a deletion has got and whether the
 * invariants hold. One connection per database, opened again after a fault ended it.
 */
final class Databases implements AutoCloseable {

    static final String MEMBERSHIP = "membership";
    static final String USER_QUERY = "user_query";
    static final String ORCHESTRATOR = "orchestrator";
    static final String NOTIFICATION = "notification";
    static final List<String> ALL = List.of(MEMBERSHIP, USER_QUERY, ORCHESTRATOR, NOTIFICATION);

    private final LocalInfrastructure infra;
    private final Map<String, Connection> connections = new HashMap<>();

    Databases(LocalInfrastructure infra) {
        this.infra = infra;
    }

    /** The first column of the first row, as a long (a count). */
    synchronized long count(String database, String sql, Object... args) {
        return query(database, sql, rs -> rs.getLong(1), args).getFirst();
    }

    /** Every row's first column as a UUID. */
    synchronized List<UUID> ids(String database, String sql, Object... args) {
        return query(database, sql, rs -> rs.getObject(1, UUID.class), args);
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    synchronized <T> List<T> query(String database, String sql, Row<T> row, Object... args) {
        try {
            return run(database, sql, row, args);
        } catch (SQLException first) {
            drop(database); // a session ended by a fault: once more on a fresh connection
            try {
                return run(database, sql, row, args);
            } catch (SQLException e) {
                throw new IllegalStateException("Query on " + database + " failed: " + sql, e);
            }
        }
    }

    private <T> List<T> run(String database, String sql, Row<T> row, Object... args) throws SQLException {
        Connection c = connection(database);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(30);
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof List<?> list) {
                    boolean uuids = !list.isEmpty() && list.getFirst() instanceof UUID;
                    ps.setArray(i + 1, c.createArrayOf(uuids ? "uuid" : "varchar", list.toArray()));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }

    private Connection connection(String database) throws SQLException {
        Connection c = connections.get(database);
        if (c == null || c.isClosed()) {
            c = DriverManager.getConnection(infra.jdbcUrl(database) + "?ApplicationName=fault-harness",
                    LocalInfrastructure.DB_USER, LocalInfrastructure.DB_PASSWORD);
            connections.put(database, c);
        }
        return c;
    }

    private void drop(String database) {
        Connection c = connections.remove(database);
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // it was broken already
            }
        }
    }

    /** Closes every connection, e.g. before PostgreSQL is stopped on purpose. */
    @Override
    public synchronized void close() {
        List.copyOf(connections.keySet()).forEach(this::drop);
    }
}
