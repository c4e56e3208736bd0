package dev.userdeletion.testsupport;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw calls to the service under test: the path is used verbatim (already encoded) and the body as given,
 * so tests control exactly what reaches the server, hostile input included.
 */
public final class ApiCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType[] ANY_ANSWER =
            {MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL};

    private final TestRestTemplate http;
    private final Function<String, String> bearerForPath;

    /** Calls that carry only the headers each call is given: for authorisation tests. */
    public ApiCalls(TestRestTemplate http) {
        this(http, path -> null);
    }

    /**
     * Calls that carry {@code bearerForPath.apply(path)} as their bearer token unless a call sets its own
     * {@code Authorization} header (see {@link TestCallers}).
     */
    public ApiCalls(TestRestTemplate http, Function<String, String> bearerForPath) {
        this.http = http;
        this.bearerForPath = bearerForPath;
    }

    /** Sends {@code body} as JSON: a String as is (to send broken JSON), anything else serialised. */
    public Response json(HttpMethod method, String path, Object body, Map<String, String> headers) {
        return send(method, path, body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body),
                MediaType.APPLICATION_JSON, headers);
    }

    public Response send(HttpMethod method, String path, String body, MediaType contentType,
                         Map<String, String> headers, MediaType... accept) {
        RequestEntity.BodyBuilder request = RequestEntity.method(method, URI.create(http.getRootUri() + path))
                .accept(accept.length == 0 ? ANY_ANSWER : accept);
        headers.forEach(request::header);
        String bearer = headers.keySet().stream().anyMatch(HttpHeaders.AUTHORIZATION::equalsIgnoreCase)
                ? null : bearerForPath.apply(path);
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        ResponseEntity<String> response = body == null
                ? http.exchange(request.build(), String.class)
                : http.exchange(request.contentType(contentType).body(body), String.class);
        String raw = response.getBody();
        MediaType type = response.getHeaders().getContentType();
        JsonNode json = raw != null && !raw.isBlank() && type != null && type.getSubtype().endsWith("json")
                ? JSON.readTree(raw) : null;
        return new Response(response.getStatusCode().value(), response.getHeaders(), raw, json);
    }
}
