package dev.userdeletion.messaging.relay;

import java.net.URI;

/** Where the relay reads the WAL from, taken from the service's {@code spring.datasource.*}. */
record RelayDatabase(String host, int port, String database, String user, String password) {

    static RelayDatabase fromJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("The outbox relay needs a jdbc:postgresql:// URL, got " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new RelayDatabase(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), path, user, password);
    }
}
