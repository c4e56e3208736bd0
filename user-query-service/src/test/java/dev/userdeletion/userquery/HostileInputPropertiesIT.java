package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.web.ApiProblem;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input at every endpoint, sent with a valid token of the right role (the platform's admin): random
 * query strings, path segments and tails, headers, bodies and content types. Whatever arrives, the service
 * never answers 5xx, every error is an RFC 9457 problem, and nothing changes. The projection, the service's
 * only other writer, is paused meanwhile. After each try nothing has been written (the database's write
 * horizon has not moved, or if something moved it, every table is still as before); after each property
 * every table and the end of every Kafka topic are as before.
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
    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final Map<String, String> ADMINS = new ConcurrentHashMap<>();
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/users"), new Endpoint("GET", "/users/count"), new Endpoint("GET", "/user-ids"),
            new Endpoint("POST", "/users/lookup"));

    private record Endpoint(String method, String suffix) {
    }

    private record Answer(int status, String contentType, String body, String request) {
    }

    private static HttpClient client;
    private static ApplicationContext context;
    private static String root;
    private static String platform;
    private static List<UUID> members;
    private static ServiceState state;
    private static ServiceState.Snapshot before;
    /** The write horizon at which the tables were last seen equal to {@link #before}. */
    private static long verifiedHorizon;

    @BeforeContainer
    static void borrowTheServiceAndPauseTheProjection() throws Exception {
        context = new TestContextManager(SharedContext.class).getTestContext().getApplicationContext();
        root = context.getBean(TestRestTemplate.class).getRootUri();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        platform = IntegrationTest.newPlatform();
        members = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        IntegrationTest.publish(IntegrationTest.state(members.get(0), "ann@example.com", null, 1,
                IntegrationTest.member(platform, MENTOR)));
        IntegrationTest.publish(IntegrationTest.state(members.get(1), "Bob_100%@Example.com", null, 1,
                IntegrationTest.member(platform, MENTEE)));
        IntegrationTest.publish(IntegrationTest.state(members.get(2), "cat@example.com", null, 1,
                IntegrationTest.member(platform, MENTEE), IntegrationTest.member(IntegrationTest.newPlatform(), MENTOR)));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        await().atMost(IntegrationTest.PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM platform_user WHERE platform_id = ?", Integer.class, platform) == 3);
        state = new ServiceState(context);
        state.pauseProjection();
        verifiedHorizon = state.writeHorizon();
        before = state.snapshot();
    }

    @AfterContainer
    static void resumeTheProjection() {
        if (state != null) {
            state.resumeProjection();
            state.close();
        }
    }

    /** Every row of every table and the end of every topic, once a property: they take a while to read. */
    @AfterProperty
    void nothingChangedAndNothingWasPublished() {
        ServiceState.Snapshot after = state.snapshot();
        assertThat(after.tables()).as("every table").isEqualTo(before.tables());
        assertThat(after.topicEnds()).as("the end of every topic").isEqualTo(before.topicEnds());
    }

    // --- properties ----------------------------------------------------------------------------------

    @Property(tries = 200)
    void anyQueryStringAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("queryStrings") String query) {
        Answer r = send(endpoint, "/api/platforms/" + platform + endpoint.suffix() + query, Map.of(),
                defaultBody(endpoint), MediaType.APPLICATION_JSON_VALUE, admin(platform));
        assertWellBehaved(r, 200, 400);
    }

    @Property(tries = 150)
    void anyPlatformSegmentAndPathTail(@ForAll("endpoints") Endpoint endpoint, @ForAll("pathSegments") String segment,
                                       @ForAll("pathTails") String tail) {
        // the admin of the platform the segment names, if it names one; else of the fixture's platform
        String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        String token = admin(decoded.matches("[a-z0-9-]{1,64}") ? decoded : platform);
        Answer r = send(endpoint, "/api/platforms/" + segment + endpoint.suffix() + tail, Map.of(),
                defaultBody(endpoint), MediaType.APPLICATION_JSON_VALUE, token);
        assertWellBehaved(r, 200, 400, 403, 404);
    }

    @Property(tries = 200)
    void anyBodyAndContentTypeAtTheLookup(@ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType) {
        Answer r = send(ENDPOINTS.getLast(), "/api/platforms/" + platform + "/users/lookup", Map.of(), body,
                contentType, admin(platform));
        assertWellBehaved(r, 200, 400, 413, 415);
    }

    @Property(tries = 150)
    void anyHeadersAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("headers") Map<String, String> headers) {
        Answer r = send(endpoint, "/api/platforms/" + platform + endpoint.suffix(), headers, defaultBody(endpoint),
                headers.containsKey("Content-Type") ? null : MediaType.APPLICATION_JSON_VALUE, admin(platform));
        assertWellBehaved(r, 200, 400, 406, 415);
    }

    /** The properties above cover every route of the service's API. */
    @Example
    void everyApiEndpointIsExercised() {
        Set<String> mapped = new TreeSet<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet()
                .forEach(info -> info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(p ->
                        info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m + " " + p))));
        Set<String> exercised = ENDPOINTS.stream().map(e -> e.method() + " /api/platforms/{platformId}" + e.suffix())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).isEqualTo(mapped);
    }

    /** The guard behind the per-try check: a transaction that takes an id (as every write does) moves the horizon. */
    @Example
    void aTransactionIdMovesTheWriteHorizon() {
        long horizon = state.writeHorizon();
        context.getBean(JdbcTemplate.class).queryForObject("SELECT pg_current_xact_id()::text", String.class);
        assertThat(state.writeHorizon()).isGreaterThan(horizon);
    }

    // --- calls and checks ----------------------------------------------------------------------------

    private static String admin(String platformId) {
        return ADMINS.computeIfAbsent(platformId, id -> SharedInfrastructure.tokens().platformAdmin("admin-1", id));
    }

    private static byte[] defaultBody(Endpoint endpoint) {
        return endpoint.method().equals("POST")
                ? ("{\"userIds\": [\"" + members.getFirst() + "\"]}").getBytes(StandardCharsets.UTF_8) : null;
    }

    private static Answer send(Endpoint endpoint, String pathAndQuery, Map<String, String> headers, byte[] body,
                               String contentType, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(TIMEOUT)
                .method(endpoint.method(), body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", "Bearer " + token);
        String described = endpoint.method() + " " + pathAndQuery + " " + headers
                + (contentType == null ? "" : " Content-Type: " + contentType)
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

    /** One of {@code expected}, never a 5xx; an error is a problem with a stable type; nothing changed. */
    private static void assertWellBehaved(Answer r, Integer... expected) {
        String what = r.request() + " → " + r.status() + " " + abbreviate(String.valueOf(r.body()));
        assertThat(r.status()).as(what).isLessThan(500).isIn((Object[]) expected);
        if (r.status() >= 400) {
            assertThat(r.contentType()).as(what).isNotNull().startsWith(PROBLEM_JSON);
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.get("type").asString()).as(what).startsWith(ApiProblem.TYPE_PREFIX);
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(problem.get("detail").asString()).as(what).isNotBlank();
        }
        long horizon = state.writeHorizon();
        if (horizon != verifiedHorizon) {
            assertThat(state.tables()).as("every table after " + what).isEqualTo(before.tables());
            verifiedHorizon = horizon;
        }
    }

    // --- generators ----------------------------------------------------------------------------------

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    /** Text a hostile client might send: any Unicode (lone surrogates, control characters), long runs, SQL/LIKE syntax. */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
                Arbitraries.strings().withChars("%_\\'\";\r\n\t\u0000,.-@ ").ofMaxLength(20),
                Arbitraries.strings().withChars("aA1").ofMinLength(250).ofMaxLength(300),
                Arbitraries.of("", " ", "MENTOR", "mentee", "MENTOR,MENTEE,", "email,desc", "lastLoginAt,ASC", "email,",
                        ",desc", "2026-02-29", "0000-01-01", "9999-12-31", "2026-03-31T00:00:00Z", "-1", "0", "200",
                        "201", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e3", "0x10", "+5",
                        "NaN", "null", "' OR 1=1 --", "\u202e", "\ud800", "\ufeff", "%", "_", "\\"));
    }

    /** A value as it travels in a URL: properly encoded, or with raw (possibly invalid UTF-8) percent escapes. */
    private static Arbitrary<String> urlValue() {
        Arbitrary<String> rawEscapes = Arbitraries.integers().between(0, 255)
                .map(b -> "%" + HexFormat.of().withUpperCase().toHexDigits((byte) (int) b)).list().ofMaxSize(6)
                .map(escapes -> String.join("", escapes));
        return Arbitraries.frequencyOf(
                Tuple.of(8, hostileText().map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8))),
                Tuple.of(2, rawEscapes));
    }

    @Provide
    Arbitrary<String> queryStrings() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("email", "role", "lastLoginOnOrBefore", "sort", "page", "size")),
                Tuple.of(2, urlValue()));
        Arbitrary<String> parameter = Combinators.combine(name, urlValue(), Arbitraries.of("=", "=", "=", ""))
                .as((n, v, eq) -> eq.isEmpty() ? n : n + eq + v);
        Arbitrary<String> query = parameter.list().ofMaxSize(8).map(ps -> ps.isEmpty() ? "" : "?" + String.join("&", ps));
        return Arbitraries.frequencyOf(
                Tuple.of(20, query),
                Tuple.of(1, Arbitraries.of("?", "?&&", "?=", "?=x", "?&role", "?email&email=")),
                // more parameters than Tomcat parses (1000), a request line over its 8 KB
                Tuple.of(1, Arbitraries.of("?" + "r=1&".repeat(1_001), "?email=" + "a".repeat(9_000))));
    }

    @Provide
    Arbitrary<String> pathSegments() {
        Arbitrary<String> valid = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1)
                .ofMaxLength(70);
        Arbitrary<String> encoded = hostileText().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
        Arbitrary<String> tricky = Arbitraries.of("", ".", "..", "%2e%2e", "%2E", "%2F", "a%2Fb", "%5C", "%00", "%0d%0a",
                "%61cme", "a;b=1", "%3B", "%25", "%ff", "%c3%28", "ACME", "a%20b", "~", "*", "%7B%7D");
        return Arbitraries.oneOf(valid, encoded, tricky, Combinators.combine(valid, tricky).as(String::concat));
    }

    @Provide
    Arbitrary<String> pathTails() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.of("/", "//", "/x", "/..", "/%2e%2e", "%2F", ";x=1", "/;", "/%00",
                        ".json", "/lookup", "/count/", "?")),
                Tuple.of(1, urlValue().map(v -> "/" + v)));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.create(() -> UUID.randomUUID().toString()),
                Arbitraries.of(members).map(UUID::toString),
                Arbitraries.of(members).map(u -> u.toString().toUpperCase()),
                Arbitraries.of("", "1-2-3-4-5", "{" + UUID.randomUUID() + "}", " " + UUID.randomUUID(),
                        UUID.randomUUID().toString().replace("-", ""), "00000000-0000-0000-0000-000000000000"),
                hostileText());
        Arbitrary<String> idList = id.map(HostileInputPropertiesIT::jsonString).list().ofMaxSize(20)
                .map(ids -> "[" + String.join(",", ids) + "]");
        Arbitrary<String> extraFields = Combinators.combine(hostileText(), jsonValue(1))
                .as((k, v) -> "," + jsonString(k) + ":" + v).list().ofMaxSize(2).map(f -> String.join("", f));
        Arbitrary<String> nearlyValid = Combinators.combine(Arbitraries.oneOf(idList, jsonValue(2)), extraFields)
                .as((ids, extra) -> "{\"userIds\":" + ids + extra + "}");
        Arbitrary<String> broken = nearlyValid.flatMap(json -> Arbitraries.integers().between(0, json.length())
                .map(cut -> json.substring(0, cut)));
        Arbitrary<byte[]> text = Arbitraries.oneOf(nearlyValid, nearlyValid, jsonValue(3), broken,
                        hostileText(), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200),
                        Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                        // around the 1 MB limit; below Tomcat's 2 MB swallow limit, so a 413 never resets the connection
                        Arbitraries.integers().between(400_000, 1_300_000).map(n -> "{\"userIds\":[\"" + "a".repeat(n) + "\"]}"),
                        Arbitraries.integers().between(9_990, 10_010).map(HostileInputPropertiesIT::idsBody))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(Tuple.of(9, text), Tuple.of(1, binary));
    }

    private static String idsBody(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(jsonString(UUID.randomUUID().toString()));
        }
        return "{\"userIds\":[" + String.join(",", ids) + "]}";
    }

    /** Any JSON value up to {@code depth} levels deep, keys and strings hostile. */
    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                hostileText().map(HostileInputPropertiesIT::jsonString),
                Arbitraries.of("true", "false", "null", "0", "-0", "1.5e308", "1e999999", "-12345678901234567890123",
                        "0.000000000000000000001", "01", "NaN", "\"\\u0000\"", "\"\\ud800\""));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = jsonValue(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.oneOf(Arbitraries.just("userIds"), hostileText()), inner)
                .as((k, v) -> jsonString(k) + ":" + v).list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
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
                        "X-Forwarded-Prefix", "Forwarded", "Origin", "Referer", "Cookie", "If-None-Match",
                        "If-Modified-Since", "Range", "X-HTTP-Method-Override", "X-Requested-By", "Idempotency-Key",
                        "traceparent", "User-Agent", "Access-Control-Request-Method", "Prefer", "TE"),
                Arbitraries.strings().withChars("abcXYZ-_019").ofMinLength(1).ofMaxLength(30).map(n -> "X-" + n));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200).map(String::strip),
                Arbitraries.of("text/html", "application/xml", "application/json", "application/problem+json", "*/*",
                        "a/b/c", "application/json;q=0", "gzip", "deflate, br", "bytes=0-10", "bytes=99999999999-",
                        "http://evil.example", "DELETE", "null", "1.1.1.1, 2.2.2.2", "for=\"[::1]\";proto=https",
                        "Thu, 01 Jan 1970 00:00:00 GMT", "*", "trailers"));
        return Arbitraries.maps(name, value).ofMaxSize(4);
    }
}
