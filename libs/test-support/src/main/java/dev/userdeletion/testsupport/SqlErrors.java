package dev.userdeletion.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** What a service's database errors may say: the failure, never the row values behind it. */
public final class SqlErrors {

    private static final String ROW_VALUE = "row-value-check@example.com";

    private SqlErrors() {
    }

    /**
     * Violates a unique key with an email on a connection of {@code dataSource} and asserts the exception names the
     * violation but not the value: PostgreSQL's {@code DETAIL} ({@code Key (email)=(…) already exists}) is left out of
     * messages, so logs and dead-letter headers never carry it. Changes nothing (a temporary table, rolled back).
     */
    public static void assertCarryNoRowValues(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE row_values_check (email text PRIMARY KEY) ON COMMIT DROP");
                statement.execute("INSERT INTO row_values_check VALUES ('" + ROW_VALUE + "')");
                Throwable duplicate = catchThrowable(
                        () -> statement.execute("INSERT INTO row_values_check VALUES ('" + ROW_VALUE + "')"));
                assertThat(duplicate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("row_values_check_pkey").hasMessageNotContaining(ROW_VALUE);
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
