package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query benchmark's GETs: HTTP/1.1 on the calling thread over a kept-alive connection
 * ({@link HttpURLConnection}), the answer read whole and parsed as JSON. The JDK's {@code HttpClient}, which the
 * other callers use, hands every exchange between its own threads: measured at about 2 ms of CPU a call in the load
 * generator, on the same 2 cores as the service it measures. Keeps a connection per client thread alive when the
 * JVM runs with {@code -Dhttp.maxConnections} of at least the number of clients (benchmark.sh sets it; the JDK's
 * default of 5 only costs reconnections, not correctness).
 */
final class PageFetcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final String bearerToken;

    PageFetcher(String baseUrl, String bearerToken) {
        this.baseUrl = baseUrl;
        this.bearerToken = bearerToken;
    }

    /** The answer to GET {@code path}; an answer other than 200 is an error with its status and body. */
    JsonNode get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            connection.setRequestProperty("Authorization", "Bearer " + bearerToken);
            connection.setRequestProperty("Accept", "application/json");
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(60_000);
            int status = connection.getResponseCode();
            // read to the end and closed: the connection goes back to the keep-alive cache
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
                if (status != 200) {
                    throw new IllegalStateException("GET " + path + " answered " + status + ": "
                            + new String(bytes, StandardCharsets.UTF_8));
                }
                return JSON.readTree(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        }
    }
}
