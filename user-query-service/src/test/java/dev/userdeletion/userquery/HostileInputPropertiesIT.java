package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.HostileInput;
import dev.userdeletion.testsupport.RawHttp;
import dev.userdeletion.testsupport.Routes;
import dev.userdeletion.testsupport.ServiceState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;

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

    private static final HostileInput HOSTILE = new HostileInput("MENTOR", "mentee", "MENTOR,MENTEE,", "email,desc",
            "lastLoginAt,ASC", "email,", ",desc", "2026-02-29", "0000-01-01", "9999-12-31", "2026-03-31T00:00:00Z",
            "200", "201", "2147483647", "-2147483648", "99999999999999999999", "1e3", "0x10", "+5");
    private static final Map<String, String> ADMINS = new ConcurrentHashMap<>();
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/users"), new Endpoint("GET", "/users/count"), new Endpoint("GET", "/user-ids"),
            new Endpoint("POST", "/users/lookup"));

    private record Endpoint(String method, String suffix) {
    }

    private static RawHttp raw;
    private static ApplicationContext context;
    private static String platform;
    private static List<UUID> members;
    private static ServiceState state;
    private static ServiceState.Snapshot before;
    /** The write horizon at which the tables were last seen equal to {@link #before}. */
    private static long verifiedHorizon;

    @BeforeContainer
    static void borrowTheServiceAndPauseTheProjection() throws Exception {
        context = new TestContextManager(SharedContext.class).getTestContext().getApplicationContext();
        raw = new RawHttp(context.getBean(TestRestTemplate.class).getRootUri());
        platform = IntegrationTest.newPlatform();
        members = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        IntegrationTest.publish(IntegrationTest.state(members.get(0), "ann@example.com", null, 1,
                IntegrationTest.member(platform, MENTOR)));
        IntegrationTest.publish(IntegrationTest.state(members.get(1), "bob_100%@example.com", null, 1,
                IntegrationTest.member(platform, MENTEE)));
        IntegrationTest.publish(IntegrationTest.state(members.get(2), "cat@example.com", null, 1,
                IntegrationTest.member(platform, MENTEE), IntegrationTest.member(IntegrationTest.newPlatform(), MENTOR)));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        await().atMost(IntegrationTest.PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM platform_user WHERE platform_id = ?", Integer.class, platform) == 3);
        state = IntegrationTest.serviceState(context);
        state.quiesce();
        verifiedHorizon = state.writeHorizon();
        before = state.snapshot();
    }

    @AfterContainer
    static void resumeTheProjection() {
        if (state != null) {
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
        assertWellBehaved(send(endpoint, "/api/platforms/" + platform + endpoint.suffix() + query, Map.of(),
                defaultBody(endpoint), MediaType.APPLICATION_JSON_VALUE, admin(platform)), 200, 400);
    }

    @Property(tries = 150)
    void anyPlatformSegmentAndPathTail(@ForAll("endpoints") Endpoint endpoint, @ForAll("pathSegments") String segment,
                                       @ForAll("pathTails") String tail) {
        // the admin of the platform the segment names, if it names one; else of the fixture's platform
        String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        String token = admin(decoded.matches("[a-z0-9-]{1,64}") ? decoded : platform);
        assertWellBehaved(send(endpoint, "/api/platforms/" + segment + endpoint.suffix() + tail, Map.of(),
                defaultBody(endpoint), MediaType.APPLICATION_JSON_VALUE, token), 200, 400, 403, 404);
    }

    @Property(tries = 200)
    void anyBodyAndContentTypeAtTheLookup(@ForAll("bodies") byte[] body,
                                          @ForAll(supplier = HostileInput.ContentTypes.class) String contentType) {
        assertWellBehaved(send(ENDPOINTS.getLast(), "/api/platforms/" + platform + "/users/lookup", Map.of(), body,
                contentType, admin(platform)), 200, 400, 413, 415);
    }

    @Property(tries = 150)
    void anyHeadersAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint,
                                 @ForAll(supplier = HostileInput.Headers.class) Map<String, String> headers) {
        assertWellBehaved(send(endpoint, "/api/platforms/" + platform + endpoint.suffix(), headers, defaultBody(endpoint),
                MediaType.APPLICATION_JSON_VALUE, admin(platform)), 200, 400, 406, 415);
    }

    /** Bodies Spring once parsed itself before any handler (500s then): answered at every route, by a route's method or PUT. */
    @Example
    void formAndMultipartBodiesAtEveryRoute() {
        for (Endpoint endpoint : ENDPOINTS) {
            for (Endpoint attempt : List.of(endpoint, new Endpoint("PUT", endpoint.suffix()))) {
                for (HostileInput.TypedBody body : HostileInput.BODIES_PARSED_BEFORE_THE_HANDLER) {
                    assertWellBehaved(send(attempt, "/api/platforms/" + platform + attempt.suffix(), Map.of(),
                            body.bytes(), body.contentType(), admin(platform)), 200, 403, 405, 415);
                }
            }
        }
    }

    /** The properties above cover every route of the service's API. */
    @Example
    void everyApiEndpointIsExercised() {
        Set<String> exercised = ENDPOINTS.stream().map(e -> e.method() + " /api/platforms/{platformId}" + e.suffix())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).isEqualTo(Routes.api(context));
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

    private static RawHttp.Answer send(Endpoint endpoint, String pathAndQuery, Map<String, String> headers, byte[] body,
                                       String contentType, String token) {
        return raw.send(new RawHttp.Request(endpoint.method(), pathAndQuery, headers, body, contentType, token));
    }

    /** One of {@code expected}, never a 5xx; an error is a problem with a stable type; nothing changed. */
    private static void assertWellBehaved(RawHttp.Answer r, Integer... expected) {
        HostileInput.assertWellBehaved(r, expected);
        long horizon = state.writeHorizon();
        if (horizon != verifiedHorizon) {
            assertThat(state.tables()).as("every table after " + r).isEqualTo(before.tables());
            verifiedHorizon = horizon;
        }
    }

    // --- generators ----------------------------------------------------------------------------------

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<String> queryStrings() {
        return HOSTILE.queryStrings(List.of("email", "role", "lastLoginOnOrBefore", "sort", "page", "size"),
                HOSTILE.urlValue());
    }

    @Provide
    Arbitrary<String> pathSegments() {
        return HOSTILE.segment(platform, HostileInput.idLike());
    }

    @Provide
    Arbitrary<String> pathTails() {
        return HOSTILE.pathTails("/lookup", "/count/");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.create(() -> UUID.randomUUID().toString()),
                Arbitraries.of(members).map(UUID::toString),
                Arbitraries.of(members).map(u -> u.toString().toUpperCase()),
                Arbitraries.of("", "1-2-3-4-5", "{" + UUID.randomUUID() + "}", " " + UUID.randomUUID(),
                        UUID.randomUUID().toString().replace("-", ""), "00000000-0000-0000-0000-000000000000"),
                HOSTILE.text());
        Arbitrary<String> idList = id.map(HostileInput::jsonString).list().ofMaxSize(20)
                .map(ids -> "[" + String.join(",", ids) + "]");
        Arbitrary<String> extraFields = Combinators.combine(HOSTILE.text(), HOSTILE.jsonValue(1, "userIds"))
                .as((k, v) -> "," + HostileInput.jsonString(k) + ":" + v).list().ofMaxSize(2).map(f -> String.join("", f));
        Arbitrary<String> nearlyValid = Combinators.combine(Arbitraries.oneOf(idList, HOSTILE.jsonValue(2, "userIds")),
                extraFields).as((ids, extra) -> "{\"userIds\":" + ids + extra + "}");
        return HOSTILE.bodies(nearlyValid, nearlyValid, HOSTILE.jsonValue(3, "userIds"), HostileInput.truncated(nearlyValid),
                // around the 1 MB limit; below Tomcat's 2 MB swallow limit, so a 413 never resets the connection
                HostileInput.sized("userIds", 400_000, 1_300_000),
                Arbitraries.integers().between(9_990, 10_010).map(HostileInputPropertiesIT::idsBody));
    }

    private static String idsBody(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(HostileInput.jsonString(UUID.randomUUID().toString()));
        }
        return "{\"userIds\":[" + String.join(",", ids) + "]}";
    }
}
