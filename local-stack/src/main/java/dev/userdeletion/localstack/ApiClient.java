package dev.userdeletion.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for the services' public APIs (demo data, benchmarks and end-to-end tests).
 * Every call carries the bearer token its caller function gives for the path.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Sees every exchange of every client in this JVM: the end-to-end tests check each against the contract. */
    private static volatile Consumer<Exchange> observer = exchange -> { };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Function<String, String> bearerForPath;

    /** Calls as one caller: {@code token} on every request. */
    public ApiClient(String baseUrl, String token) {
        this(baseUrl, path -> token);
    }

    /** Calls whose token depends on the path (e.g. the admin of the platform the path names). */
    public ApiClient(String baseUrl, Function<String, String> bearerForPath) {
        this.baseUrl = baseUrl;
        this.bearerForPath = bearerForPath;
    }

    public record Response(int status, JsonNode body, String raw) {
    }

    /** One request as sent and its answer as received; {@code path} includes the query string. */
    public record Exchange(String baseUrl, String method, String path, Map<String, List<String>> requestHeaders,
                           String requestBody, int status, Map<String, List<String>> responseHeaders,
                           String responseBody) {
    }

    /** From now on, {@code exchanges} sees every exchange of every client; it may throw to fail the caller. */
    public static void observeExchanges(Consumer<Exchange> exchanges) {
        observer = exchanges;
    }

    public Response get(String path) {
        return send(path, "GET", null, Map.of());
    }

    public Response post(String path, Object body) {
        return send(path, "POST", body, Map.of());
    }

    /** A POST with extra headers (e.g. {@code Idempotency-Key}); a null {@code body} sends none. */
    public Response post(String path, Object body, Map<String, String> headers) {
        return send(path, "POST", body, headers);
    }

    public Response put(String path, Object body) {
        return send(path, "PUT", body, Map.of());
    }

    public Response patch(String path, Object body) {
        return send(path, "PATCH", body, Map.of());
    }

    public Response delete(String path) {
        return send(path, "DELETE", null, Map.of());
    }

    private Response send(String path, String method, Object body, Map<String, String> headers) {
        String json = body == null ? null : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        String token = bearerForPath.apply(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpRequest sent = request.timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            observer.accept(new Exchange(baseUrl, method, path, sent.headers().map(), json, response.statusCode(),
                    response.headers().map(), raw));
            JsonNode parsed = raw == null || raw.isBlank() ? null : parseOrNull(raw);
            return new Response(response.statusCode(), parsed, raw);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call to " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static JsonNode parseOrNull(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
