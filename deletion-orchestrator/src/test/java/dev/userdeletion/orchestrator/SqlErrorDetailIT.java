package dev.userdeletion.orchestrator;

import dev.userdeletion.testsupport.SqlErrors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service's own DataSource keeps row values (emails) out of SQL exception messages, and so out of logs. */
class SqlErrorDetailIT extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void sqlErrorsNameTheViolationButNotTheRowValues() throws Exception {
        SqlErrors.assertCarryNoRowValues(dataSource);
    }
}
