package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.HostileInput;
import dev.userdeletion.testsupport.RawHttp;
import dev.userdeletion.testsupport.Routes;
import dev.userdeletion.testsupport.ServiceState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;

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

    private static final HostileInput HOSTILE = new HostileInput("OPEN", "CLOSED", "open", "RESOLVED", "OPEN,CLOSED",
            "acme", "ACME", "a b", "00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString());

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

    private static RawHttp raw;
    private static ApplicationContext context;
    private static String platform;
    private static String caseId;
    private static ServiceState state;
    private static ServiceState.Snapshot before;

    @BeforeContainer
    static void borrowTheServiceWithACaseAndQuietWriters() throws Exception {
        context = new TestContextManager(SharedContext.class).getTestContext().getApplicationContext();
        raw = new RawHttp(context.getBean(TestRestTemplate.class).getRootUri());
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
        state = IntegrationTest.serviceState(context);
        state.quiesce();
        before = state.snapshot();
    }

    @AfterContainer
    static void resumeTheWriters() {
        if (state != null) {
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
        assertWellBehaved(send("GET", path(endpoint, caseId, platform) + query, Map.of(), null, null,
                tokenFor(endpoint, platform)), 200, 400);
    }

    @Property(tries = 200)
    void anyPathParameterAndTail(@ForAll("pathEndpoints") Endpoint endpoint, @ForAll("pathSegments") String segment,
                                 @ForAll("pathTails") String tail) {
        // the admin of the platform the segment names, if it names one; else of the fixture's platform
        String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        String token = tokenFor(endpoint, decoded.matches("[a-z0-9-]{1,64}") ? decoded : platform);
        assertWellBehaved(send("GET", path(endpoint, segment, segment) + tail, Map.of(), null, null, token),
                200, 400, 403, 404);
    }

    @Property(tries = 200)
    void anyMethodBodyAndContentType(@ForAll("endpoints") Endpoint endpoint, @ForAll("methods") String method,
                                     @ForAll("bodies") byte[] body,
                                             @ForAll(supplier = HostileInput.ContentTypes.class) String contentType) {
        RawHttp.Answer r = send(method, path(endpoint, caseId, platform), Map.of(), body, contentType,
                tokenFor(endpoint, platform));
        // CSM routes take any method (then 405); the admin's route is GET only (any other method is refused)
        assertWellBehaved(r, 200, 400, 403, 405, 413, 415);
        if (r.status() == 403) {
            assertThat(endpoint.forCsm() || method.equals("GET")).as(r.toString()).isFalse();
        }
    }

    @Property(tries = 200)
    void anyHeadersAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint,
                                 @ForAll(supplier = HostileInput.Headers.class) Map<String, String> headers) {
        assertWellBehaved(send("GET", path(endpoint, caseId, platform), headers, null, null,
                tokenFor(endpoint, platform)), 200, 400, 406, 415);
    }

    /** Bodies Spring once parsed itself before any handler (500s then): refused at every route, by any method. */
    @Example
    void formAndMultipartBodiesAtEveryRoute() {
        for (Endpoint endpoint : ENDPOINTS) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                for (HostileInput.TypedBody body : HostileInput.BODIES_PARSED_BEFORE_THE_HANDLER) {
                    assertWellBehaved(send(method, path(endpoint, caseId, platform), Map.of(), body.bytes(),
                            body.contentType(), tokenFor(endpoint, platform)), 403, 405, 415);
                }
            }
        }
    }

    /** The properties above cover every route of the service's API. */
    @Example
    void everyApiEndpointIsExercised() {
        // every route of the API is a GET (the properties try the other methods too)
        Set<String> exercised = ENDPOINTS.stream().map(e -> "GET " + e.template())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).isEqualTo(Routes.api(context));
    }

    // --- calls and checks ----------------------------------------------------------------------------

    private static String path(Endpoint endpoint, String caseSegment, String platformSegment) {
        return endpoint.template().replace("{caseId}", caseSegment).replace("{platformId}", platformSegment);
    }

    private static String tokenFor(Endpoint endpoint, String platformId) {
        return endpoint.forCsm() ? SharedInfrastructure.tokens().csm("csm-1")
                : SharedInfrastructure.tokens().platformAdmin("admin-1", platformId);
    }

    private static RawHttp.Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                                       String contentType, String token) {
        return raw.send(new RawHttp.Request(method, pathAndQuery, headers, body, contentType, token));
    }

    /** One of {@code expected}, never a 5xx; an error is a problem with a stable type; nothing changed. */
    private static void assertWellBehaved(RawHttp.Answer r, Integer... expected) {
        HostileInput.assertWellBehaved(r, expected);
        assertThat(state.tables()).as("every table after " + r).isEqualTo(before.tables());
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

    @Provide
    Arbitrary<String> queryStrings() {
        return HOSTILE.queryStrings(List.of("state", "platformId", "page", "size", "sort"), Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(platform)),
                Tuple.of(8, HOSTILE.urlValue())), "?state=OPEN&state=CLOSED");
    }

    /** The case's id or the platform's (the segment fills either placeholder), near misses and anything else. */
    @Provide
    Arbitrary<String> pathSegments() {
        return HOSTILE.segment(caseId, Arbitraries.oneOf(HostileInput.idLike(), Arbitraries.of(platform,
                caseId.toUpperCase(), "%7B" + caseId + "%7D", caseId.replace("-", ""), "%20" + caseId, caseId + "0",
                "1-2-3-4-5", UUID.randomUUID().toString(), "emails.csv")));
    }

    @Provide
    Arbitrary<String> pathTails() {
        return HOSTILE.pathTails(".csv", "/emails.csv", "/emails.csv/");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = HOSTILE.jsonValue(3, "state", "platformId", "email", "caseId");
        return HOSTILE.bodies(json, HostileInput.truncated(json), HostileInput.sized("x", 400_000, 1_300_000));
    }
}
