package dev.userdeletion.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.InvalidEventException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class TransienceTest {

    private static SQLException postgres(String state) {
        return new SQLException("server said no", state);
    }

    private static RuntimeException asSpringThrowsIt(SQLException cause) {
        return new UncategorizedSQLException("INSERT", "INSERT INTO x", cause);
    }

    @Test
    void aDatabaseThatRefusesWritesOrFailsOverIsTransient() {
        for (String state : new String[] {"25006", "57P01", "57P02", "57P03", "08006", "08001", "40001", "40P01",
                "53300", "55P03", "57014"}) {
            assertThat(Transience.isTransient(asSpringThrowsIt(postgres(state)))).as(state).isTrue();
        }
    }

    @Test
    void aPoolThatCannotConnectAndABrokerAwayAreTransient() {
        assertThat(Transience.isTransient(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(Transience.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker"))).isTrue();
        assertThat(Transience.isTransient(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aRecordThatIsBadInItselfIsNot() {
        assertThat(Transience.isTransient(new DataIntegrityViolationException("dup", postgres("23505")))).isFalse();
        assertThat(Transience.isTransient(new InvalidEventException("unreadable"))).isFalse();
        assertThat(Transience.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(Transience.isTransient(asSpringThrowsIt(postgres("22P02")))).isFalse();
    }

    @Test
    void aContractBreachWinsOverAnyTransientCauseBeneathIt() {
        InvalidEventException breach = new InvalidEventException("bad", new ConnectException("refused"));
        assertThat(Transience.isTransient(new BatchListenerFailedException("pinned", breach, 0))).isFalse();
    }
}
