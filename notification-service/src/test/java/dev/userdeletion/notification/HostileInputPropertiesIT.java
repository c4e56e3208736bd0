package dev.userdeletion.notification;

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
import net.jqwik.api.statistics.Statistics;
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
 * Hostile input at every endpoint, sent with a valid token of the right role (a CSM on {@code /api/csm/**}, the
 * platform's admin on its notifications): random query strings, path parameters and tails, methods, bodies,
 * content types and headers. Whatever arrives, the service never answers 5xx, every error is an RFC 9457
 * problem, and nothing changes: after each try every table of the database is as before (the service's other
 * writers, its listeners and mail sender, are quiet meanwhile), and after each property so is the end of every
 * product and dead-letter topic.
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

    /** A route of the API; {@code {caseId}} and {@code {platformId}} are filled in per call. */
    private record Endpoint(String template) {

        boolean forCsm() {
            return template.startsWith("/api/csm/");
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/api/csm/follow-ups"),
            new Endpoint("/api/csm/follow-ups/{caseId}"),
            new Endpoint("/api/csm/follow-ups/{caseId}/emails.csv"),
            new Endpoint("/api/platforms/{platformId}/notifications"));

    private record Answer(int status, String contentType, String body, String request) {
    }

    private static HttpClient client;
    private static ApplicationContext context;
    private static String root;
    private static String platform;
    private static String caseId;
    private static ServiceState state;
    private static ServiceState.Snapshot before;

    @BeforeContainer
    static void borrowTheServiceWithACaseAndQuietWriters() throws Exception {
        context = new TestContextManager(SharedContext.class).getTestContext().getApplicationContext();
        root = context.getBean(TestRestTemplate.class).getRootUri();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        IntegrationTest.Platform fixture = IntegrationTest.newPlatform();
        platform = fixture.id();
        UUID ann = IntegrationTest.announceUser("=ann+1@example.com", platform, "elsewhere");
        UUID bob = IntegrationTest.announceUser("bob@example.com", platform, "elsewhere");
        UUID requestId = UUID.randomUUID();
        IntegrationTest.send(IntegrationTest.rejected(requestId, fixture, ann));
        IntegrationTest.send(IntegrationTest.rejected(requestId, fixture, bob));
        IntegrationTest.send(IntegrationTest.completed(requestId, fixture, 3, 2));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        await().atMost(IntegrationTest.WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM follow_up_case WHERE request_id = ?", Integer.class, requestId) == 1);
        caseId = jdbc.queryForObject("SELECT case_id::text FROM follow_up_case WHERE request_id = ?", String.class,
                requestId);
        state = new ServiceState(context);
        state.quiesce();
        before = state.snapshot();
    }

    @AfterContainer
    static void resumeTheWriters() {
        if (state != null) {
            state.resume();
            state.close();
        }
    }

    @AfterProperty
    void nothingWasPublished() {
        assertThat(state.topicEnds()).as("the end of every topic").isEqualTo(before.topicEnds());
    }

    // --- properties ----------------------------------------------------------------------------------

    @Property(tries = 200)
    void anyQueryStringAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("queryStrings") String query) {
        Answer r = send("GET", path(endpoint, caseId, platform) + query, Map.of(), null, null, tokenFor(endpoint, platform));
        assertWellBehaved(r, 200, 400);
    }

    @Property(tries = 200)
    void anyPathParameterAndTail(@ForAll("pathEndpoints") Endpoint endpoint, @ForAll("pathSegments") String segment,
                                 @ForAll("pathTails") String tail) {
        // the admin of the platform the segment names, if it names one; else of the fixture's platform
        String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        String token = tokenFor(endpoint, decoded.matches("[a-z0-9-]{1,64}") ? decoded : platform);
        Answer r = send("GET", path(endpoint, segment, segment) + tail, Map.of(), null, null, token);
        assertWellBehaved(r, 200, 400, 403, 404);
    }

    @Property(tries = 200)
    void anyMethodBodyAndContentType(@ForAll("endpoints") Endpoint endpoint, @ForAll("methods") String method,
                                     @ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType) {
        Answer r = send(method, path(endpoint, caseId, platform), Map.of(), body, contentType,
                tokenFor(endpoint, platform));
        // CSM routes take any method (then 405); the admin's route is GET only (any other method is refused)
        assertWellBehaved(r, 200, 400, 403, 405, 413, 415);
        if (r.status() == 403) {
            assertThat(endpoint.forCsm() || method.equals("GET")).as(r.request()).isFalse();
        }
    }

    @Property(tries = 200)
    void anyHeadersAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("headers") Map<String, String> headers) {
        Answer r = send("GET", path(endpoint, caseId, platform), headers, null, null, tokenFor(endpoint, platform));
        assertWellBehaved(r, 200, 400, 406, 415);
    }

    /** The properties above cover every route of the service's API. */
    @Example
    void everyApiEndpointIsExercised() {
        Set<String> mapped = new TreeSet<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet()
                .forEach(info -> info.getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(mapped::add));
        Set<String> exercised = ENDPOINTS.stream().map(Endpoint::template).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).isEqualTo(mapped);
    }

    // --- calls and checks ----------------------------------------------------------------------------

    private static String path(Endpoint endpoint, String caseSegment, String platformSegment) {
        return endpoint.template().replace("{caseId}", caseSegment).replace("{platformId}", platformSegment);
    }

    private static String tokenFor(Endpoint endpoint, String platformId) {
        return endpoint.forCsm() ? SharedInfrastructure.tokens().csm("csm-1")
                : SharedInfrastructure.tokens().platformAdmin("admin-1", platformId);
    }

    private static Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                               String contentType, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(TIMEOUT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", "Bearer " + token);
        String described = method + " " + pathAndQuery + " " + headers
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
        Statistics.collect(r.status());
        assertThat(r.status()).as(what).isLessThan(500).isIn((Object[]) expected);
        if (r.status() >= 400) {
            assertThat(r.contentType()).as(what).isNotNull().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            // a HEAD answer has the headers of the problem but no body
            if (!r.request().startsWith("HEAD ")) {
                JsonNode problem = JSON.readTree(r.body());
                assertThat(problem.get("type").asString()).as(what).startsWith(ApiProblem.TYPE_PREFIX);
                assertThat(problem.get("status").asInt()).as(what).isEqualTo(r.status());
                assertThat(problem.get("detail").asString()).as(what).isNotBlank();
            }
        }
        assertThat(state.tables()).as("every table after " + what).isEqualTo(before.tables());
    }

    // --- generators ----------------------------------------------------------------------------------

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<Endpoint> pathEndpoints() {
        return Arbitraries.of(ENDPOINTS.stream().filter(e -> e.template().contains("{")).toList());
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
    }

    /** Text a hostile client might send: any Unicode (lone surrogates, control characters), long runs, SQL syntax. */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
                Arbitraries.strings().withChars("%_\\'\";\r\n\t\u0000,.-@=+ ").ofMaxLength(20),
                Arbitraries.strings().withChars("aA1").ofMinLength(250).ofMaxLength(300),
                Arbitraries.of("", " ", "OPEN", "CLOSED", "open", "RESOLVED", "OPEN,CLOSED", "acme", "ACME", "a b",
                        "-1", "0", "2147483648", "null", "' OR 1=1 --", "\u202e", "\ud800", "\ufeff", "%", "_", "\\",
                        "=cmd|' /C calc'!A0", "a@example.com\r\nBcc: x@evil.test",
                        "00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString()));
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
                Tuple.of(8, Arbitraries.of("platformId", "state", "page", "size", "sort")),
                Tuple.of(2, urlValue()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(platform)),
                Tuple.of(8, urlValue()));
        Arbitrary<String> parameter = Combinators.combine(name, value, Arbitraries.of("=", "=", "=", ""))
                .as((n, v, eq) -> eq.isEmpty() ? n : n + eq + v);
        Arbitrary<String> query = parameter.list().ofMaxSize(8).map(ps -> ps.isEmpty() ? "" : "?" + String.join("&", ps));
        return Arbitraries.frequencyOf(
                Tuple.of(20, query),
                Tuple.of(1, Arbitraries.of("?", "?&&", "?=", "?=x", "?&state", "?state&state=", "?state=OPEN&state=CLOSED")),
                // more parameters than Tomcat parses (1000)
                Tuple.of(1, Arbitraries.just("?" + "state=OPEN&".repeat(1_100))));
    }

    @Provide
    Arbitrary<String> pathSegments() {
        Arbitrary<String> valid = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1)
                .ofMaxLength(70);
        Arbitrary<String> ids = Arbitraries.of(caseId, caseId.toUpperCase(), "%7B" + caseId + "%7D",
                caseId.replace("-", ""), "%20" + caseId, caseId + "0", "1-2-3-4-5", UUID.randomUUID().toString(), platform);
        Arbitrary<String> encoded = hostileText().map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
        Arbitrary<String> tricky = Arbitraries.of("", ".", "..", "%2e%2e", "%2E", "%2F", "a%2Fb", "%5C", "%00", "%0d%0a",
                "%61cme", "a;b=1", "%3B", "%25", "%ff", "%c3%28", "ACME", "a%20b", "~", "*", "%7B%7D", "emails.csv");
        return Arbitraries.oneOf(valid, ids, encoded, tricky, Combinators.combine(ids, tricky).as(String::concat));
    }

    @Provide
    Arbitrary<String> pathTails() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.of("/", "//", "/x", "/..", "/%2e%2e", "%2F", ";x=1", "/;", "/%00",
                        ".json", ".csv", "/emails.csv", "/emails.csv/", "?")),
                Tuple.of(1, urlValue().map(v -> "/" + v)));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> text = Arbitraries.oneOf(jsonValue(3), jsonValue(3).flatMap(json -> Arbitraries.integers()
                                .between(0, json.length()).map(cut -> json.substring(0, cut))),
                        hostileText(), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200),
                        Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                        Arbitraries.integers().between(400_000, 1_300_000).map(n -> "{\"x\":\"" + "a".repeat(n) + "\"}"))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(Tuple.of(9, text), Tuple.of(1, binary));
    }

    /** Any JSON value up to {@code depth} levels deep, keys and strings hostile. */
    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                hostileText().map(HostileInputPropertiesIT::jsonString),
                Arbitraries.of("true", "false", "null", "0", "-0", "1.5e308", "1e999999", "-12345678901234567890123",
                        "01", "NaN", "\"\\u0000\"", "\"\\ud800\""));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = jsonValue(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of("state", "platformId", "email", "caseId"), hostileText()), inner)
                .as((k, v) -> jsonString(k) + ":" + v).list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.oneOf(leaf, array, object);
    }

    private static String jsonString(String value) {
        return JSON.writeValueAsString(value);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(MediaType.APPLICATION_JSON_VALUE)),
                Tuple.of(5, Arbitraries.of("application/json;charset=UTF-16", "application/json;charset=bogus-charset",
                        "application/json;charset=", "application/json;;", "APPLICATION/JSON", "application/problem+json",
                        "application/*", "*/*", "text/plain", "text/csv", "application/xml",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream",
                        "garbage", "a/b/c", "/", ";", "application/json; q=x")));
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Content-Type",
                        "Content-Encoding", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                        "X-Forwarded-Prefix", "Forwarded", "Origin", "Referer", "Cookie", "If-None-Match",
                        "If-Modified-Since", "Range", "X-HTTP-Method-Override", "X-Requested-By", "traceparent",
                        "User-Agent", "Access-Control-Request-Method", "Prefer", "TE"),
                Arbitraries.strings().withChars("abcXYZ-_019").ofMinLength(1).ofMaxLength(30).map(n -> "X-" + n));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200).map(String::strip),
                Arbitraries.of("text/html", "text/csv", "application/xml", "application/json", "application/problem+json",
                        "*/*", "a/b/c", "application/json;q=0", "text/csv;q=0", "gzip", "deflate, br", "bytes=0-10",
                        "bytes=99999999999-", "http://evil.example", "DELETE", "null", "1.1.1.1, 2.2.2.2",
                        "for=\"[::1]\";proto=https", "Thu, 01 Jan 1970 00:00:00 GMT", "*", "trailers"));
        return Arbitraries.maps(name, value).ofMaxSize(4);
    }
}
