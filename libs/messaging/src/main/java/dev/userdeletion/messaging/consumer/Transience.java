package dev.userdeletion.messaging.consumer;

import dev.userdeletion.contracts.InvalidEventException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an infrastructure failure (the database read-only, refusing connections or failing over, a deadlock or
 * serialisation conflict, a timeout, the broker away) from a record that is bad in itself. The first kind is
 * retried for as long as it lasts and never sends a record to a dead-letter topic; only the second is poison.
 */
public final class Transience {

    /**
     * PostgreSQL SQLSTATE codes (and classes) that say "try again later": connection exceptions (08), a read-only
     * transaction (25006, a standby or a primary being demoted), insufficient resources (53), serialisation
     * failure and deadlock (40001, 40P01), lock not available (55P03), statement timeout (57014), the server
     * shutting down or starting (57P01, 57P02, 57P03), I/O error (58030).
     */
    private static final Set<String> STATES = Set.of("25006", "40001", "40P01", "55P03", "57014", "57P01", "57P02",
            "57P03", "58030");
    private static final Set<String> STATE_CLASSES = Set.of("08", "53");

    private Transience() {
    }

    /** True when anything in the cause chain is an infrastructure failure and nothing in it is a contract breach. */
    public static boolean isTransient(Throwable failure) {
        boolean transientCause = false;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof InvalidEventException) {
                return false;
            }
            transientCause |= isTransientItself(t);
            // a rollback that failed on a dead connection hides the failure that caused it
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                transientCause |= isTransient(rollback.getApplicationException());
            }
        }
        return transientCause;
    }

    private static boolean isTransientItself(Throwable t) {
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (STATES.contains(state) || (state.length() >= 2 && STATE_CLASSES.contains(state.substring(0, 2)))) {
                return true;
            }
        }
        return t instanceof SQLTransientException
                || t instanceof SQLRecoverableException
                || t instanceof TransientDataAccessException
                || t instanceof RecoverableDataAccessException
                || t instanceof DataAccessResourceFailureException
                || t instanceof CannotCreateTransactionException
                || t instanceof org.apache.kafka.common.errors.RetriableException
                || t instanceof org.apache.kafka.common.errors.TimeoutException
                || t instanceof ConnectException
                || t instanceof SocketTimeoutException
                || t instanceof HttpTimeoutException
                || t instanceof TimeoutException;
    }
}
