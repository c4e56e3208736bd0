package dev.userdeletion.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests sent with the JDK's HTTP client exactly as given: the path and query already encoded, any bytes as the
 * body, any headers. Not the test template's (Jetty) client: it aborts a request with a body when a 401 arrives
 * before all of it is sent, which is exactly what a refused or hostile call may get.
 */
public final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * A request: {@code contentType} is sent with a body unless empty or {@code headers} set their own; {@code token},
     * if not null, as the bearer token.
     */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                          String contentType, String token) {

        public Request {
            headers = Map.copyOf(headers);
        }

        /** The request as a failure message shows it. */
        @Override
        public String toString() {
            return method + " " + pathAndQuery + " " + headers
                    + (body == null || contentType == null ? "" : " Content-Type: " + contentType)
                    + (body == null ? "" : " body: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    /** What came back for {@code request}: the body as text, {@code contentType} as sent (null: none). */
    public record Answer(Request request, int status, String contentType, String body) {

        @Override
        public String toString() {
            return request + " → " + status + " " + abbreviate(String.valueOf(body));
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String root;

    /** {@code root}: the service's base URL, e.g. {@code http://localhost:8080}. */
    public RawHttp(String root) {
        this.root = root;
    }

    public Answer send(Request request) {
        HttpResponse<String> response = exchange(request);
        return new Answer(request, response.statusCode(), response.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                .orElse(null), response.body());
    }

    /** A call as an authorisation matrix makes it: {@code json} as the body (null: none), {@code token} (null: none). */
    public Response call(HttpMethod method, String path, String json, String token) {
        HttpResponse<String> response = exchange(new Request(method == null ? "GET" : method.name(), path, Map.of(),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_VALUE, token));
        HttpHeaders headers = new HttpHeaders();
        response.headers().map().forEach(headers::addAll);
        MediaType type = headers.getContentType();
        boolean isJson = type != null && type.getSubtype().endsWith("json") && !response.body().isBlank();
        return new Response(response.statusCode(), headers, response.body(),
                isJson ? JSON.readTree(response.body()) : null);
    }

    private HttpResponse<String> exchange(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + request.pathAndQuery())).timeout(TIMEOUT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        if (request.body() != null && request.contentType() != null && !request.contentType().isEmpty()
                && !request.headers().containsKey(HttpHeaders.CONTENT_TYPE)) {
            builder.header(HttpHeaders.CONTENT_TYPE, request.contentType());
        }
        if (request.token() != null) {
            builder.header(HttpHeaders.AUTHORIZATION, "Bearer " + request.token());
        }
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("No answer to " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "… (" + text.length() + " chars)" : text;
    }
}
