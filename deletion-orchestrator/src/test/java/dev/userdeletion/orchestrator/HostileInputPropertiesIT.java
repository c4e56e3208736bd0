package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.web.ApiProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input at every endpoint, sent with a valid token of the right role (the platform's admin, so requests
 * get past authorisation and reach validation): random and malformed bodies (random JSON, wrong types, huge,
 * unicode and control-character strings, unknown fields, broken JSON) under random content types, random path
 * segments (%-encodings included), query parameters and headers. Whatever arrives:
 * <ul>
 *   <li>the answer is never a 5xx;</li>
 *   <li>every answer of 400 or more is an RFC 9457 problem ({@code application/problem+json} with our type);</li>
 *   <li>an answer of 400 or more (and any read) changed nothing: every table of the database is as before the
 *       try (no transaction got an id, or the digest of every table is the same), and after all properties the only requests with events on Kafka are those a try confirmed
 *       successfully (checked behind a barrier, see {@link ServiceState#publishedSince}).</li>
 * </ul>
 * Tries that succeed (a random but valid body does exist) may change the request under attack; it is reviewed
 * again, or replaced by a fresh REVIEWED one, whenever it is no longer REVIEWED.
 *
 * <p>jqwik runs outside Spring's JUnit extension, so it borrows the module's one application context from
 * Spring's test-context cache through {@link SharedContext}, which adds no configuration of its own.
 */
class HostileInputPropertiesIT {

    /** Adds nothing to {@link IntegrationTest}, so its context is the one the module's test classes share. */
    static class SharedContext extends IntegrationTest {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BASE = "/api/platforms/{platformId}/deletion-requests";

    /** Every route of the API (checked against the handler mapping by {@link #everyApiRouteIsAttacked()}). */
    private enum Endpoint {
        CREATE("POST", ""), LIST("GET", ""), READ("GET", "/{requestId}"), CANCEL("DELETE", "/{requestId}"),
        REPLACE_SELECTION("PUT", "/{requestId}/selection"), PATCH_SELECTION("PATCH", "/{requestId}/selection"),
        REVIEW("POST", "/{requestId}/review"), ITEMS("GET", "/{requestId}/items"),
        CONFIRM("POST", "/{requestId}/confirmation");

        final String method;
        final String suffix;

        Endpoint(String method, String suffix) {
            this.method = method;
            this.suffix = suffix;
        }

        String route() {
            return method + " " + BASE + suffix;
        }

        boolean writes() {
            return !method.equals("GET");
        }

        /**
         * A body this endpoint accepts for the request under attack (null: it takes none); the selection bodies
         * leave the selection as it is, so a review puts the request back as it was.
         */
        Map<String, Object> validBody(List<String> members) {
            return switch (this) {
                case REPLACE_SELECTION -> Map.of("mode", "USERS", "userIds", members);
                case PATCH_SELECTION -> Map.of("add", members.subList(0, 1), "remove", List.of());
                case CONFIRM -> Map.of("typedCount", members.size());
                default -> null;
            };
        }
    }

    /** What was sent and what came back, for failure messages. */
    private record Answer(String request, int status, String contentType, String body) {
    }

    private static ApplicationContext context;
    private static JdbcTemplate jdbc;
    private static HttpClient client;
    private static String root;
    private static ServiceState state;
    private static String platform;
    private static final Map<String, String> ADMINS = new ConcurrentHashMap<>();
    private static UUID target;
    private static List<String> targetMembers;
    private static Map<String, String> tables;
    private static Map<TopicPartition, Long> topicsBefore;
    private static final Set<UUID> CONFIRMED_BY_TRIES = ConcurrentHashMap.newKeySet();

    @BeforeContainer
    static void borrowTheRunningService() throws Exception {
        context = new TestContextManager(SharedContext.class).getTestContext().getApplicationContext();
        jdbc = context.getBean(JdbcTemplate.class);
        root = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        state = new ServiceState(context);
        platform = IntegrationTest.newPlatform();
        newTarget();
        topicsBefore = state.quiet();
        tables = state.tables();
    }

    @AfterContainer
    static void nothingWasPublishedButWhatTriesConfirmed() throws Exception {
        try {
            UUID barrier = reviewedRequest();
            Answer confirmed = send("POST", path(platform, barrier, Endpoint.CONFIRM), Map.of(),
                    json(Map.of("typedCount", 2)), "application/json");
            assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(202);
            Set<UUID> allowed = new HashSet<>(CONFIRMED_BY_TRIES);
            allowed.add(barrier);
            assertThat(ServiceState.requestsOf(state.publishedSince(topicsBefore, barrier, 2)))
                    .as("requests with events published since the first try").isSubsetOf(allowed).contains(barrier);
        } finally {
            state.resumeOutcomes();
            state.close();
        }
    }

    // --- properties -----------------------------------------------------------------------------------

    @Property(tries = 160, shrinking = ShrinkingMode.BOUNDED)
    void randomBodiesUnderRandomContentTypes(@ForAll("bodyEndpointsMostly") Endpoint endpoint,
                                             @ForAll("bodies") String body,
                                             @ForAll("contentTypes") String contentType) throws Exception {
        long before = state.nextTransactionId();
        check(endpoint, before, send(endpoint.method, path(platform, target, endpoint), Map.of(), body, contentType));
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void randomPathSegments(@ForAll Endpoint endpoint, @ForAll("platformSegments") String platformSegment,
                            @ForAll("requestSegments") String requestSegment, @ForAll("tails") String tail)
            throws Exception {
        String path = "/api/platforms/" + platformSegment + "/deletion-requests"
                + endpoint.suffix.replace("{requestId}", requestSegment) + tail;
        Map<String, Object> body = endpoint.validBody(targetMembers);
        long before = state.nextTransactionId();
        check(endpoint, before, send(endpoint.method, path, Map.of(), body == null ? null : json(body),
                "application/json", adminOf(platformSegment)));
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void randomQueryParameters(@ForAll("queryEndpointsMostly") Endpoint endpoint, @ForAll("queries") String query)
            throws Exception {
        Map<String, Object> body = endpoint.validBody(targetMembers);
        long before = state.nextTransactionId();
        check(endpoint, before, send(endpoint.method, path(platform, target, endpoint) + "?" + query, Map.of(),
                body == null ? null : json(body), "application/json"));
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void randomHeaders(@ForAll("headerEndpointsMostly") Endpoint endpoint,
                       @ForAll("headers") Map<String, String> headers) throws Exception {
        Map<String, Object> body = endpoint.validBody(targetMembers);
        long before = state.nextTransactionId();
        check(endpoint, before, send(endpoint.method, path(platform, target, endpoint), headers,
                body == null ? null : json(body), headers.getOrDefault("Content-Type", "application/json")));
    }

    /** A new endpoint fails here until the {@link Endpoint} list (and so every property) covers it. */
    @Example
    void everyApiRouteIsAttacked() {
        Set<String> mapped = new TreeSet<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods()
                .keySet().forEach(info -> mapped.addAll(routes(info)));
        mapped.removeIf(route -> !route.contains(" /api/"));
        Set<String> attacked = Arrays.stream(Endpoint.values()).map(Endpoint::route)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(attacked).isEqualTo(mapped);
    }

    private static Set<String> routes(RequestMappingInfo info) {
        return info.getMethodsCondition().getMethods().stream()
                .flatMap(method -> info.getPatternValues().stream().map(pattern -> method.name() + " " + pattern))
                .collect(Collectors.toSet());
    }

    // --- the checks -----------------------------------------------------------------------------------

    /** {@code transactionBefore}: {@link ServiceState#nextTransactionId()} before the request was sent. */
    private static void check(Endpoint endpoint, long transactionBefore, Answer answer)
            throws IOException, InterruptedException {
        Statistics.label("answers").collect(answer.status() / 100 + "xx");
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("type").asString()).as(answer.toString()).startsWith(ApiProblem.TYPE_PREFIX);
            assertThat(problem.get("status").asInt()).as(answer.toString()).isEqualTo(answer.status());
            assertThat(problem.get("title").asString()).as(answer.toString()).isNotBlank();
        }
        if (state.nextTransactionId() == transactionBefore) {
            return; // no transaction wrote anything
        }
        if (answer.status() >= 400 || !endpoint.writes()) {
            assertThat(state.tables()).as("tables after " + answer).isEqualTo(tables);
            return;
        }
        if (endpoint == Endpoint.CONFIRM) {
            CONFIRMED_BY_TRIES.add(UUID.fromString(JSON.readTree(answer.body()).get("requestId").asString()));
        }
        String targetState = jdbc.queryForObject("SELECT state FROM deletion_request WHERE id = ?", String.class,
                target);
        // a changed selection is reviewed again if it can be (cheaper than a new request); otherwise a new target
        boolean reviewedAgain = "DRAFT".equals(targetState)
                && send("POST", path(platform, target, Endpoint.REVIEW), Map.of(), null, "").status() == 200;
        if (!reviewedAgain && !"REVIEWED".equals(targetState)) {
            newTarget();
        }
        tables = state.tables();
    }

    // --- generators -----------------------------------------------------------------------------------

    /** Every endpoint, those that read a body four times as often (the others must ignore it). */
    @Provide
    Arbitrary<Endpoint> bodyEndpointsMostly() {
        return mostly(Endpoint.REPLACE_SELECTION, Endpoint.PATCH_SELECTION, Endpoint.CONFIRM);
    }

    /** Every endpoint, those that read query parameters four times as often. */
    @Provide
    Arbitrary<Endpoint> queryEndpointsMostly() {
        return mostly(Endpoint.LIST, Endpoint.ITEMS);
    }

    /** Every endpoint, the one that reads a header of its own (Idempotency-Key) four times as often. */
    @Provide
    Arbitrary<Endpoint> headerEndpointsMostly() {
        return mostly(Endpoint.CREATE);
    }

    private static Arbitrary<Endpoint> mostly(Endpoint... favoured) {
        List<Endpoint> weighted = new ArrayList<>(List.of(Endpoint.values()));
        for (Endpoint endpoint : favoured) {
            weighted.addAll(List.of(endpoint, endpoint, endpoint));
        }
        return Arbitraries.of(weighted);
    }

    private static final List<String> FIELDS = List.of("mode", "userIds", "filter", "excludedUserIds", "email",
            "roles", "lastLoginOnOrBefore", "add", "remove", "typedCount");

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<Map<String, Object>> valid = Arbitraries.of(Endpoint.REPLACE_SELECTION, Endpoint.PATCH_SELECTION,
                        Endpoint.CONFIRM).map(e -> e.validBody(targetMembers));
        Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.of(FIELDS), jsonValue(3), Arbitraries.integers()
                .between(0, 2)).as((body, field, value, how) -> {
                    Map<String, Object> copy = new LinkedHashMap<>(body);
                    switch (how) {
                        case 0 -> copy.put(field, value);                           // a known field, any value
                        case 1 -> copy.put(field + "X", value);                      // an unknown field
                        default -> copy.remove(copy.keySet().iterator().next());     // a required field missing
                    }
                    return json(copy);
                });
        Arbitrary<String> filters = Combinators.combine(jsonValue(2), jsonValue(2), jsonValue(2)).as((email, roles, date) -> {
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("email", email);
            filter.put("roles", roles);
            filter.put("lastLoginOnOrBefore", date);
            return json(Map.of("mode", "FILTER", "filter", filter));
        });
        Arbitrary<String> broken = Combinators.combine(valid.map(HostileInputPropertiesIT::json),
                Arbitraries.integers().between(0, 200), Arbitraries.strings().ofMaxLength(3))
                .as((text, cut, insert) -> {
                    int at = Math.min(cut, text.length());
                    return text.substring(0, at) + insert + (cut % 2 == 0 ? "" : text.substring(at));
                });
        return Arbitraries.frequencyOf(
                Tuple.of(3, mutated),
                Tuple.of(2, filters),
                Tuple.of(2, jsonValue(4).map(HostileInputPropertiesIT::json)),
                Tuple.of(2, broken),
                Tuple.of(1, hostileStrings()),
                Tuple.of(1, Arbitraries.of("", "null", "{}", "[]", "\"\"", "0", "{\"typedCount\": 2} trailing",
                        "[".repeat(3_000), "{\"a\":".repeat(1_500), "{\"typedCount\": 1e400}",
                        "{\"typedCount\": -0}", "{\"typedCount\": 2.5}", "{\"typedCount\": \"2\"}",
                        "{\"mode\": \"USERS\", \"mode\": \"ALL_USERS\", \"userIds\": []}")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    /** Any JSON value: scalars (hostile strings, edge numbers), lists and objects with known and random keys. */
    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(hostileStrings().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of("USERS", "FILTER", "ALL_USERS", "MENTOR", "MENTEE", "2024-02-29", "2024-02-30",
                        UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000").map(s -> (Object) s),
                Arbitraries.<Object>just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> list = jsonValue(depth - 1).list().ofMaxSize(5).map(l -> (Object) l);
        Arbitrary<Object> object = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(FIELDS),
                Arbitraries.strings().ofMaxLength(8)), jsonValue(depth - 1)).ofMaxSize(4).map(m -> (Object) m);
        return Arbitraries.frequencyOf(Tuple.of(4, scalar), Tuple.of(1, list), Tuple.of(1, object));
    }

    /** Unicode of any plane, control characters (CR/LF, NUL), line separators, long and huge strings. */
    private static Arbitrary<String> hostileStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withChars("\r\n\u0000\t\u007f\u0085\u2028\u2029\ufeff@%_\\\"'<>")
                        .withCharRange('a', 'c').ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(250).ofMaxLength(300)),
                Tuple.of(1, Arbitraries.of("x".repeat(100_000), "\uD83D\uDE00".repeat(5_000),
                        "ann@example.com\r\nBcc: all@example.com", "\uD800", "=cmd|' /C calc'!A0")));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("application/json")),
                Tuple.of(1, Arbitraries.of("application/json;charset=UTF-8", "application/json; charset=bogus",
                        "application/json; charset=UTF-16", "application/problem+json", "application/merge-patch+json",
                        "text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data", "multipart/form-data; boundary=x", "*/*", "application/*", "garbage",
                        "application/json; q=x", "")));
    }

    @Provide
    Arbitrary<String> platformSegments() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(platform)),
                Tuple.of(1, Arbitraries.strings().withChars("abcxyz019-").ofMinLength(1).ofMaxLength(64)),
                Tuple.of(1, Arbitraries.strings().withChars("abcxyz019-").ofLength(65)),
                Tuple.of(2, encodedStrings()),
                Tuple.of(1, rawSegments()));
    }

    @Provide
    Arbitrary<String> requestSegments() {
        Arbitrary<String> uuidLike = Arbitraries.of(target.toString(), target.toString().toUpperCase(),
                target.toString().replace("-", ""), "%7B" + target + "%7D", target + "0", "1-2-3-4-5",
                UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000", "%20" + target,
                target.toString().replace('a', 'g'));
        return Arbitraries.frequencyOf(Tuple.of(3, uuidLike), Tuple.of(2, encodedStrings()), Tuple.of(1, rawSegments()));
    }

    @Provide
    Arbitrary<String> tails() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")), Tuple.of(1, Arbitraries.of("/", "/x",
                "/..", "/%2e%2e/%2e%2e", ";x=1", "%00", "%2F", "//", "/selection/selection", ".json")));
    }

    /** Any string, percent-encoded byte by byte where needed, so it reaches the server as that string. */
    private static Arbitrary<String> encodedStrings() {
        return hostileStrings().filter(s -> s.length() < 2_000).map(HostileInputPropertiesIT::encode);
    }

    /** Raw URL material the server must survive: encoded separators, NUL, overlong UTF-8, dot segments. */
    private static Arbitrary<String> rawSegments() {
        return Arbitraries.of("", "%2F", "%5C", "%00", "%0D%0A", "%25", "%25%32%46", "..", ".", "%2e%2e", "%C0%AF",
                "%E2%80%A8", "%FF%FE", "a;b", ";", "%3B", "a%20b", "+", "%2B", "*", "~", "$", "%7B%7D", "%3Cscript%3E",
                "%E0%A4");
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("state", "limit", "page", "size")),
                Tuple.of(1, Arbitraries.of("sort", "email", "platformId", "requestId", "", "page%5B%5D", "_method")),
                Tuple.of(1, encodedStrings()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("DRAFT", "REVIEWED", "CONFIRMED", "COMPLETED", "CANCELLED", "draft",
                        "DELETED", "", "0", "1", "-1", "200", "201", "1000", "1001", "10000000", "10000001",
                        "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1.5", "1e3", "0x10",
                        "NaN", "null", "%00", "%2C", "DELETE")),
                Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(1, encodedStrings()));
        return Combinators.combine(key, value).as((k, v) -> k + "=" + v).list().ofMinSize(1).ofMaxSize(4)
                .map(pairs -> String.join("&", pairs));
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300);
        Arbitrary<String> name = Arbitraries.of("Idempotency-Key", "Accept", "Content-Type", "X-Requested-By",
                "X-HTTP-Method-Override", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Origin",
                "Range", "If-Match", "If-None-Match", "Accept-Charset", "Accept-Language", "Accept-Encoding",
                "Content-Encoding", "Content-Language", "Cookie", "Forwarded", "Prefer", "X-Custom");
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, printable),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMinLength(1).ofMaxLength(20)),
                Tuple.of(2, Arbitraries.of("application/json", "application/xml", "text/plain", "*/*", "text/html",
                        "application/problem+json", "application/json;q=0", "garbage", "a/b/c", "gzip", "deflate",
                        "DELETE", "PUT", "bytes=0-1", "*", "\"etag\"", "JSESSIONID=x; SESSION=y", "evil.example",
                        "https://evil.example", "admin-9", "ann@example.com", "k", "k".repeat(200), "k".repeat(201))));
        return Arbitraries.maps(name, value).ofMinSize(1).ofMaxSize(4);
    }

    // --- plumbing -------------------------------------------------------------------------------------

    /** The admin of {@code platformSegment} when it is a valid platform id (the user directory expects that token). */
    private static String adminOf(String platformSegment) {
        if (!platformSegment.matches("[a-z0-9-]{1,64}")) {
            return ADMINS.get(platform);
        }
        return ADMINS.computeIfAbsent(platformSegment, p -> {
            String token = SharedInfrastructure.tokens().platformAdmin("hostile-admin", p);
            IntegrationTest.USER_QUERY.expectAdminToken(p, token);
            return token;
        });
    }

    private static String path(String platformId, UUID requestId, Endpoint endpoint) {
        return "/api/platforms/" + platformId + "/deletion-requests" + endpoint.suffix.replace("{requestId}",
                requestId.toString());
    }

    private static Answer send(String method, String pathAndQuery, Map<String, String> headers, String body,
                               String contentType) throws IOException, InterruptedException {
        return send(method, pathAndQuery, headers, body, contentType, adminOf(platform));
    }

    private static Answer send(String method, String pathAndQuery, Map<String, String> headers, String body,
                               String contentType, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        if (body != null && !headers.containsKey("Content-Type") && !contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", "Bearer " + token);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String sent = method + " " + pathAndQuery + " " + headers + " " + contentType + " "
                + (body == null ? "" : body.substring(0, Math.min(body.length(), 300)));
        return new Answer(sent, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static String encode(String raw) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** Replaces the request under attack with a fresh REVIEWED one of two members. */
    private static void newTarget() throws IOException, InterruptedException {
        target = reviewedRequest();
        targetMembers = jdbc.queryForList("SELECT user_id::text FROM selection_user WHERE request_id = ?",
                String.class, target);
    }

    private static UUID reviewedRequest() throws IOException, InterruptedException {
        Answer created = send("POST", "/api/platforms/" + platform + "/deletion-requests", Map.of(), null, "");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID requestId = UUID.fromString(JSON.readTree(created.body()).get("requestId").asString());
        List<String> members = List.of(IntegrationTest.USER_QUERY.addMember(platform).toString(),
                IntegrationTest.USER_QUERY.addMember(platform).toString());
        Answer selected = send("PUT", path(platform, requestId, Endpoint.REPLACE_SELECTION), Map.of(),
                json(Map.of("mode", "USERS", "userIds", members)), "application/json");
        assertThat(selected.status()).as(selected.toString()).isEqualTo(200);
        Answer reviewed = send("POST", path(platform, requestId, Endpoint.REVIEW), Map.of(), null, "");
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(200);
        return requestId;
    }
}
