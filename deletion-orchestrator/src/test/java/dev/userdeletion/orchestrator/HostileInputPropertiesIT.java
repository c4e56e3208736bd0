package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.HostileInput;
import dev.userdeletion.testsupport.RawHttp;
import dev.userdeletion.testsupport.Routes;
import dev.userdeletion.testsupport.ServiceState;
import java.nio.charset.StandardCharsets;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;

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
 *       successfully (checked behind a barrier, see {@link KafkaEvents#publishedSince}).</li>
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

    private static final String BASE = "/api/platforms/{platformId}/deletion-requests";
    private static final HostileInput HOSTILE = new HostileInput("x".repeat(100_000), "\uD83D\uDE00".repeat(5_000),
            "ann@example.com\r\nBcc: all@example.com");

    /** Every route of the API (checked against the handler mapping by {@link #everyApiRouteIsAttacked()}). */
    private enum Endpoint {
        CREATE("POST", ""), LIST("GET", ""), READ("GET", "/{requestId}"), CANCEL("DELETE", "/{requestId}"),
        REPLACE_SELECTION("PUT", "/{requestId}/selection"), PATCH_SELECTION("PATCH", "/{requestId}/selection"),
        REVIEW("POST", "/{requestId}/review"), ITEMS("GET", "/{requestId}/items"),
        CONFIRM("POST", "/{requestId}/confirmation"), RECEIPT("GET", "/{requestId}/receipt"),
        RECEIPT_CSV("GET", "/{requestId}/receipt.csv");

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
                case CONFIRM -> Map.of("typedCount", members.size(), "reviewVersion", targetReviewVersion());
                default -> null;
            };
        }
    }

    private static ApplicationContext context;
    private static JdbcTemplate jdbc;
    private static RawHttp raw;
    private static ServiceState state;
    private static String platform;
    private static final Map<String, String> ADMINS = new ConcurrentHashMap<>();
    private static UUID target;
    private static List<String> targetMembers;
    private static Map<String, String> tables;
    private static Map<TopicPartition, Long> topicsBefore;
    private static final Set<UUID> CONFIRMED_BY_TRIES = ConcurrentHashMap.newKeySet();

    @BeforeContainer
    static void borrowTheRunningService() {
        context = new TestContextManager(SharedContext.class).getTestContext().getApplicationContext();
        jdbc = context.getBean(JdbcTemplate.class);
        raw = new RawHttp("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        state = IntegrationTest.serviceState(context);
        platform = IntegrationTest.newPlatform();
        newTarget();
        state.quiesce();
        topicsBefore = state.topicEnds();
        tables = state.tables();
    }

    @AfterContainer
    static void nothingWasPublishedButWhatTriesConfirmed() {
        try {
            UUID barrier = reviewedRequest();
            RawHttp.Answer confirmed = send("POST", path(platform, barrier, Endpoint.CONFIRM), Map.of(),
                    json(Map.of("typedCount", 2, "reviewVersion", reviewVersionOf(barrier))), "application/json");
            assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(202);
            Set<UUID> allowed = new HashSet<>(CONFIRMED_BY_TRIES);
            allowed.add(barrier);
            assertThat(KafkaEvents.requestsOf(IntegrationTest.kafka().publishedSince(state, topicsBefore, barrier, 2)))
                    .as("requests with events published since the first try").isSubsetOf(allowed).contains(barrier);
        } finally {
            state.close();
        }
    }

    // --- properties -----------------------------------------------------------------------------------

    @Property(tries = 160, shrinking = ShrinkingMode.BOUNDED)
    void randomBodiesUnderRandomContentTypes(@ForAll("bodyEndpointsMostly") Endpoint endpoint,
                                             @ForAll("bodies") String body,
                                             @ForAll(supplier = HostileInput.ContentTypes.class) String contentType) {
        long before = state.writeHorizon();
        check(endpoint, before, send(endpoint.method, path(platform, target, endpoint), Map.of(), body, contentType));
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void randomPathSegments(@ForAll Endpoint endpoint, @ForAll("platformSegments") String platformSegment,
                            @ForAll("requestSegments") String requestSegment, @ForAll("tails") String tail) {
        String path = "/api/platforms/" + platformSegment + "/deletion-requests"
                + endpoint.suffix.replace("{requestId}", requestSegment) + tail;
        Map<String, Object> body = endpoint.validBody(targetMembers);
        long before = state.writeHorizon();
        check(endpoint, before, send(endpoint.method, path, Map.of(), body == null ? null : json(body),
                "application/json", adminOf(platformSegment)));
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void randomQueryParameters(@ForAll("queryEndpointsMostly") Endpoint endpoint, @ForAll("queries") String query) {
        Map<String, Object> body = endpoint.validBody(targetMembers);
        long before = state.writeHorizon();
        check(endpoint, before, send(endpoint.method, path(platform, target, endpoint) + query, Map.of(),
                body == null ? null : json(body), "application/json"));
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void randomHeaders(@ForAll("headerEndpointsMostly") Endpoint endpoint,
                       @ForAll(supplier = HostileInput.Headers.class) Map<String, String> headers) {
        Map<String, Object> body = endpoint.validBody(targetMembers);
        long before = state.writeHorizon();
        check(endpoint, before, send(endpoint.method, path(platform, target, endpoint), headers,
                body == null ? null : json(body), "application/json"));
    }

    /** Bodies Spring once parsed itself before any handler (500s then): every route answers them as any other. */
    @Example
    void formAndMultipartBodiesAtEveryRoute() {
        for (Endpoint endpoint : Endpoint.values()) {
            for (HostileInput.TypedBody body : HostileInput.BODIES_PARSED_BEFORE_THE_HANDLER) {
                long before = state.writeHorizon();
                check(endpoint, before, send(endpoint.method, path(platform, target, endpoint), Map.of(), body.text(),
                        body.contentType()));
            }
        }
    }

    /** A new endpoint fails here until the {@link Endpoint} list (and so every property) covers it. */
    @Example
    void everyApiRouteIsAttacked() {
        Set<String> attacked = Arrays.stream(Endpoint.values()).map(Endpoint::route)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(attacked).isEqualTo(Routes.api(context));
    }

    // --- the checks -----------------------------------------------------------------------------------

    /** {@code horizonBefore}: {@link ServiceState#writeHorizon()} before the request was sent. */
    private static void check(Endpoint endpoint, long horizonBefore, RawHttp.Answer answer) {
        HostileInput.assertWellBehaved(answer);
        if (state.writeHorizon() == horizonBefore) {
            return; // no transaction wrote anything
        }
        if (answer.status() >= 400 || !endpoint.writes()) {
            assertThat(state.tables()).as("tables after " + answer).isEqualTo(tables);
            return;
        }
        if (endpoint == Endpoint.CONFIRM) {
            CONFIRMED_BY_TRIES.add(UUID.fromString(
                    IntegrationTest.JSON.readTree(answer.body()).get("requestId").asString()));
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
            "roles", "lastLoginOnOrBefore", "add", "remove", "typedCount", "reviewVersion");

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
                Tuple.of(1, HOSTILE.text()),
                Tuple.of(1, Arbitraries.of("", "null", "{}", "[]", "\"\"", "0", "{\"typedCount\": 2} trailing",
                        "[".repeat(3_000), "{\"a\":".repeat(1_500), "{\"typedCount\": 1e400}",
                        "{\"typedCount\": -0}", "{\"typedCount\": 2.5}", "{\"typedCount\": \"2\"}",
                        "{\"mode\": \"USERS\", \"mode\": \"ALL_USERS\", \"userIds\": []}")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    /** Any JSON value: scalars (hostile strings, edge numbers), lists and objects with known and random keys. */
    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(HOSTILE.text().map(s -> (Object) s),
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

    /** The shared content types, and multipart without a boundary (the other services still answer it with a 500). */
    @Provide
    Arbitrary<String> platformSegments() {
        return HOSTILE.segment(platform, HostileInput.idLike());
    }

    @Provide
    Arbitrary<String> requestSegments() {
        return HOSTILE.segment(target.toString(), Arbitraries.of(target.toString().toUpperCase(),
                target.toString().replace("-", ""), "%7B" + target + "%7D", target + "0", "1-2-3-4-5",
                UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000", "%20" + target,
                target.toString().replace('a', 'g')));
    }

    @Provide
    Arbitrary<String> tails() {
        return HOSTILE.pathTails("/%2e%2e/%2e%2e", "%00", "/selection/selection");
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("DRAFT", "REVIEWED", "CONFIRMED", "COMPLETED", "CANCELLED", "draft",
                        "DELETED", "", "0", "1", "-1", "200", "201", "1000", "1001", "10000000", "10000001",
                        "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1.5", "1e3", "0x10",
                        "NaN", "null", "%00", "%2C", "DELETE")),
                Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(1, HOSTILE.urlValue()));
        return HOSTILE.queryStrings(List.of("state", "limit", "page", "size", "sort", "email", "platformId",
                "requestId", "", "page%5B%5D", "_method"), value);
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

    private static RawHttp.Answer send(String method, String pathAndQuery, Map<String, String> headers, String body,
                                       String contentType) {
        return send(method, pathAndQuery, headers, body, contentType, adminOf(platform));
    }

    private static RawHttp.Answer send(String method, String pathAndQuery, Map<String, String> headers, String body,
                                       String contentType, String token) {
        return raw.send(new RawHttp.Request(method, pathAndQuery, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, token));
    }

    private static String json(Object value) {
        return IntegrationTest.JSON.writeValueAsString(value);
    }

    /** The current review of the request under attack, as its admin would have it on the page. */
    private static int targetReviewVersion() {
        return reviewVersionOf(target);
    }

    private static int reviewVersionOf(UUID requestId) {
        Integer version = jdbc.queryForObject("SELECT review_version FROM deletion_request WHERE id = ?",
                Integer.class, requestId);
        return version == null ? 1 : version;
    }

    /** Replaces the request under attack with a fresh REVIEWED one of two members. */
    private static void newTarget() {
        target = reviewedRequest();
        targetMembers = jdbc.queryForList("SELECT user_id::text FROM selection_user WHERE request_id = ?",
                String.class, target);
    }

    private static UUID reviewedRequest() {
        RawHttp.Answer created = send("POST", "/api/platforms/" + platform + "/deletion-requests", Map.of(), null, "");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID requestId = UUID.fromString(IntegrationTest.JSON.readTree(created.body()).get("requestId").asString());
        List<String> members = List.of(IntegrationTest.USER_QUERY.addMember(platform).toString(),
                IntegrationTest.USER_QUERY.addMember(platform).toString());
        RawHttp.Answer selected = send("PUT", path(platform, requestId, Endpoint.REPLACE_SELECTION), Map.of(),
                json(Map.of("mode", "USERS", "userIds", members)), "application/json");
        assertThat(selected.status()).as(selected.toString()).isEqualTo(200);
        RawHttp.Answer reviewed = send("POST", path(platform, requestId, Endpoint.REVIEW), Map.of(), null, "");
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(200);
        return requestId;
    }
}
