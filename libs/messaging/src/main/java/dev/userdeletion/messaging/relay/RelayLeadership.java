package dev.userdeletion.messaging.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance's relay is the active one for a database, when several instances of a service run: the one whose
 * own connection holds a session-level advisory lock named after the slot. PostgreSQL releases the lock when that
 * session ends, whatever ends it:
 * <ul>
 *   <li>the process exits or is killed: the operating system closes its socket;</li>
 *   <li>the process is frozen (SIGSTOP, a stalled VM) or its host is cut off: the session is given
 *       {@code idle_session_timeout} = {@code messaging.relay.leader-timeout}, and the active relay checks its lock
 *       every {@code messaging.relay.leader-check-interval}, so only a relay that stopped checking loses it;</li>
 *   <li>the server restarts or fails over, or an operator ends the session.</li>
 * </ul>
 * A standby tries to take the lock at the same interval. Whoever takes it ends any replication connection still
 * streaming from the slot (a frozen former leader's) before its own engine starts, so two engines never stream at
 * once; a former leader that wakes up finds its lock gone and stops its engine.
 */
final class RelayLeadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);

    /** The first key of every relay lock ("RELY"): keeps them apart from other advisory locks of the database. */
    static final int LOCK_CLASS = 0x52454C59;
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    /** Who holds the lock: a PostgreSQL backend and the application name its relay gave. */
    record Holder(int pid, String applicationName) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String slotName;
    private final int lockKey;
    private final String applicationName;
    private final Duration leaderTimeout;
    private Connection connection;

    RelayLeadership(String jdbcUrl, String user, String password, String slotName, String instance,
                    Duration leaderTimeout) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.slotName = slotName;
        this.lockKey = slotName.hashCode();
        String name = "outbox-relay " + slotName + " " + instance;
        this.applicationName = name.length() > 63 ? name.substring(0, 63) : name;
        this.leaderTimeout = leaderTimeout;
    }

    String applicationName() {
        return applicationName;
    }

    /** Takes the lock if nobody holds it; true if this relay holds it now. Connects first if needed. */
    synchronized boolean tryAcquire() throws SQLException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            drop();
            throw e;
        }
    }

    /**
     * True while this relay's session is alive and holds the lock. Any failure (the session was ended, the server is
     * away) counts as lost: the lock cannot be vouched for, and a session that comes back is a new one without it.
     */
    synchronized boolean stillHeld() {
        if (connection == null) {
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks"
                + " WHERE locktype = 'advisory' AND classid = ?::oid AND objid = ?::oid AND objsubid = 2"
                + " AND pid = pg_backend_pid() AND granted)")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setLong(1, Integer.toUnsignedLong(LOCK_CLASS));
            ps.setLong(2, Integer.toUnsignedLong(lockKey));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return true;
                }
            }
        } catch (SQLException e) {
            log.warn("Outbox relay lock {}: its session is gone ({})", slotName, e.getMessage());
        }
        drop();
        return false;
    }

    /**
     * Ends a replication connection still streaming from the slot: a former leader's, frozen or cut off, which would
     * otherwise hold the slot until {@code wal_sender_timeout}. Only the lock holder calls this.
     */
    synchronized int endOtherStreams() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT count(pg_terminate_backend(active_pid))"
                + " FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The holder of the lock, if any, as PostgreSQL sees it. */
    synchronized Optional<Holder> holder() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT l.pid, a.application_name FROM pg_locks l"
                + " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND l.classid = ?::oid AND l.objid = ?::oid AND l.objsubid = 2 AND l.granted")) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setLong(1, Integer.toUnsignedLong(LOCK_CLASS));
            ps.setLong(2, Integer.toUnsignedLong(lockKey));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getInt(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            drop();
            throw e;
        }
    }

    /** Gives the lock up (a standby takes over at its next attempt). */
    @Override
    public synchronized void close() {
        drop();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (password != null) {
                props.setProperty("password", password);
            }
            props.setProperty("ApplicationName", applicationName);
            props.setProperty("connectTimeout", "5");
            props.setProperty("socketTimeout", String.valueOf(QUERY_TIMEOUT_SECONDS * 2));
            props.setProperty("tcpKeepAlive", "true");
            Connection c = DriverManager.getConnection(jdbcUrl, props);
            try (var s = c.createStatement()) {
                // a holder that stops checking (frozen, cut off) loses the lock after this long
                s.execute("SET idle_session_timeout = " + leaderTimeout.toMillis());
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Outbox relay lock {}: closing its connection failed: {}", slotName, e.toString());
            }
            connection = null;
        }
    }
}
