package dev.userdeletion.messaging.relay;

import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/** Where the relay reads the WAL from, taken from the service's {@code spring.datasource.*} by the driver's parser. */
record RelayDatabase(String host, int port, String database, String user, String password) {

    static RelayDatabase fromJdbcUrl(String jdbcUrl, String user, String password) {
        Properties url = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, null);
        if (url == null) {
            throw new IllegalArgumentException("The outbox relay needs a jdbc:postgresql:// URL, got " + jdbcUrl);
        }
        // several hosts (a failover list) are comma-separated; the relay follows the first, as the driver tries first
        String host = PGProperty.PG_HOST.getOrDefault(url).split(",")[0];
        String port = PGProperty.PG_PORT.getOrDefault(url).split(",")[0];
        return new RelayDatabase(host, Integer.parseInt(port), PGProperty.PG_DBNAME.getOrDefault(url), user, password);
    }
}
