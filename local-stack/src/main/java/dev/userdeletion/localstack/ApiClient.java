package dev.userdeletion.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for the services' public APIs (demo data, benchmarks and end-to-end tests).
 * Every call carries the bearer token its caller function gives for the path.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    public Response get(String path) {
        return send(path, HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, Object body) {
        return send(path, HttpRequest.newBuilder(uri(path)).POST(json(body)).header("Content-Type", "application/json"));
    }

    public Response put(String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : json(body);
        return send(path, HttpRequest.newBuilder(uri(path)).PUT(publisher).header("Content-Type", "application/json"));
    }

    public Response patch(String path, Object body) {
        return send(path, HttpRequest.newBuilder(uri(path)).method("PATCH", json(body)).header("Content-Type", "application/json"));
    }

    public Response delete(String path) {
        return send(path, HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    private Response send(String path, HttpRequest.Builder request) {
        String token = bearerForPath.apply(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? null : parseOrNull(raw);
            return new Response(response.statusCode(), body, raw);
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
