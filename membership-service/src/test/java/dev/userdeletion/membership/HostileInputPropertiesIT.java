package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Callers;
import dev.userdeletion.testsupport.HostileInput;
import dev.userdeletion.testsupport.RawHttp;
import dev.userdeletion.testsupport.Routes;
import dev.userdeletion.testsupport.ServiceState;
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

    private static final Set<Integer> SUCCESS = Set.of(200, 201, 204);
    private static final HostileInput HOSTILE = new HostileInput("MENTOR", "MENTEE", "mentee", "ADMIN",
            "a@example.com", " A@Example.COM ", "a@example.com\n", "a@b@example.com", "a@localhost",
            "\"a b\"@example.com", "a@[127.0.0.1]", "ü@example.com", "a@xn--mnchen-3ya.de", "2025-01-01T00:00:00Z",
            "2025-02-30T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "+1000000000-12-31T23:59:59.999999999Z",
            "-1000000000-01-01T00:00:00Z", "2025-01-01", "2025-01-01T00:00:00+14:00", "now");

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
            new Endpoint("DELETE", "/api/platforms/{platform}/access-list/{email}",
                    "/api/platforms/{platformId}/access-list/{email}", false, null),
            new Endpoint("GET", "/api/platforms/{platform}/access-list", "/api/platforms/{platformId}/access-list", false,
                    null),
            // older than the member's last login: 204 without a change
            new Endpoint("POST", "/api/users/{user}/logins", "/api/users/{userId}/logins", false,
                    "{\"at\":\"2020-01-01T00:00:00Z\"}"),
            new Endpoint("GET", "/api/users/{user}", "/api/users/{userId}", false, null));

    private static RawHttp raw;
    private static ApplicationContext context;
    private static ServiceState state;
    private static String platform;
    private static String user;
    private static String email;
    private static String serviceToken;
    private static String csmToken;
    /** The tables as they are after the last request that may have changed them (a 2xx). */
    private static Map<String, String> baseline;

    @BeforeContainer
    static void borrowTheServiceAndPauseTheListeners() throws Exception {
        TestContextManager spring = new TestContextManager(SharedContext.class);
        SharedContext helpers = new SharedContext();
        spring.prepareTestInstance(helpers);
        context = spring.getTestContext().getApplicationContext();
        raw = new RawHttp(helpers.http.getRootUri());
        platform = helpers.newPlatform();
        email = IntegrationTest.newEmail();
        user = helpers.member(platform, email, "MENTOR");
        helpers.call(HttpMethod.POST, "/api/users/" + user + "/logins", null);
        // a back end that provisions platforms and manages members, with a token for this service only
        serviceToken = SharedInfrastructure.tokens().mint("hostile-backend", null,
                List.of(Callers.SERVICE, Callers.PLATFORM_PROVISIONER), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE),
                Duration.ofHours(1));
        csmToken = SharedInfrastructure.tokens().csm("hostile-csm");
        state = IntegrationTest.serviceState(context);
        state.quiesce();
        baseline = state.tables();
    }

    @AfterContainer
    static void resumeTheListeners() {
        if (state != null) {
            state.close();
        }
    }

    // --- properties ----------------------------------------------------------------------------------

    @Property(tries = 200)
    void anyBodyAndContentType(@ForAll("bodyEndpoints") Endpoint endpoint, @ForAll("bodies") byte[] body,
                               @ForAll(supplier = HostileInput.ContentTypes.class) String contentType) {
        assertWellBehaved(send(endpoint, path(endpoint, platform, user, email), Map.of(), body, contentType),
                200, 201, 204, 400, 409, 413, 415);
    }

    @Property(tries = 250)
    void anyPathSegmentsAndTail(@ForAll("endpoints") Endpoint endpoint, @ForAll("platformSegments") String platformSegment,
                                @ForAll("userSegments") String userSegment, @ForAll("emailSegments") String emailSegment,
                                @ForAll("pathTails") String tail) {
        assertWellBehaved(send(endpoint, path(endpoint, platformSegment, userSegment, emailSegment) + tail, Map.of(),
                defaultBody(endpoint), MediaType.APPLICATION_JSON_VALUE), 200, 201, 204, 400, 403, 404, 405, 409);
    }

    @Property(tries = 100)
    void anyQueryStringAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint, @ForAll("queryStrings") String query) {
        assertWellBehaved(send(endpoint, path(endpoint, platform, user, email) + query, Map.of(), defaultBody(endpoint),
                MediaType.APPLICATION_JSON_VALUE), 200, 201, 204, 400, 409);
    }

    @Property(tries = 150)
    void anyHeadersAtAnyEndpoint(@ForAll("endpoints") Endpoint endpoint,
                                 @ForAll(supplier = HostileInput.Headers.class) Map<String, String> headers) {
        assertWellBehaved(send(endpoint, path(endpoint, platform, user, email), headers, defaultBody(endpoint),
                MediaType.APPLICATION_JSON_VALUE), 200, 201, 204, 400, 406, 409, 413, 415);
    }

    /** Bodies Spring once parsed itself before any handler (500s then): every route answers them as any other. */
    @Example
    void formAndMultipartBodiesAtEveryRoute() {
        for (Endpoint endpoint : ENDPOINTS) {
            for (HostileInput.TypedBody body : HostileInput.BODIES_PARSED_BEFORE_THE_HANDLER) {
                assertWellBehaved(send(endpoint, path(endpoint, platform, user, email), Map.of(), body.bytes(),
                        body.contentType()), 200, 204, 409, 415);
            }
        }
    }

    /** The properties above cover every route of the service's API. */
    @Example
    void everyApiEndpointIsExercised() {
        Set<String> exercised = ENDPOINTS.stream().map(e -> e.method() + " " + e.mapping())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exercised).isEqualTo(Routes.api(context));
    }

    // --- calls and checks ----------------------------------------------------------------------------

    private static String path(Endpoint endpoint, String platformSegment, String userSegment, String emailSegment) {
        return endpoint.template().replace("{platform}", platformSegment).replace("{user}", userSegment)
                .replace("{email}", emailSegment);
    }

    private static byte[] defaultBody(Endpoint endpoint) {
        return endpoint.hasBody() ? endpoint.validBody().replace("{email}", email).getBytes(StandardCharsets.UTF_8) : null;
    }

    private static RawHttp.Answer send(Endpoint endpoint, String pathAndQuery, Map<String, String> headers, byte[] body,
                                       String contentType) {
        return raw.send(new RawHttp.Request(endpoint.method(), pathAndQuery, headers, body, contentType,
                endpoint.asCsm() ? csmToken : serviceToken));
    }

    /** One of {@code expected}, never a 5xx; an error is a problem with a stable type; a 4xx changed nothing. */
    private static void assertWellBehaved(RawHttp.Answer r, Integer... expected) {
        HostileInput.assertWellBehaved(r, expected);
        if (SUCCESS.contains(r.status())) {
            baseline = state.tables();
            return;
        }
        assertThat(state.tables()).as("every table after " + r).isEqualTo(baseline);
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

    @Provide
    Arbitrary<String> platformSegments() {
        return HOSTILE.segment(platform, Arbitraries.oneOf(HostileInput.idLike(),
                Arbitraries.of(platform.toUpperCase(), "%" + HexFormat.of().toHexDigits((byte) platform.charAt(0))
                        + platform.substring(1), platform + "%20", "no-such-platform")));
    }

    @Provide
    Arbitrary<String> userSegments() {
        return HOSTILE.segment(user, Arbitraries.of(user.toUpperCase(), user.replace("-", ""), "%7B" + user + "%7D",
                "%20" + user, user.substring(1), "00000000-0000-0000-0000-000000000000", "1-2-3-4-5",
                UUID.randomUUID().toString()));
    }

    @Provide
    Arbitrary<String> emailSegments() {
        return HOSTILE.segment(email, Arbitraries.of(email.toUpperCase(), "%20" + email + "%20",
                email + "%0D%0ABcc:x@evil.example", email.replace("@", "%40"), email.replace("@", ""),
                "a%2Bb@example.com", "x@example.com%00", "%E2%80%A8" + email, "a" + "b".repeat(250) + "@example.com"));
    }

    @Provide
    Arbitrary<String> pathTails() {
        return HOSTILE.pathTails("/members", "/access-list", "/logins");
    }

    @Provide
    Arbitrary<String> queryStrings() {
        return HOSTILE.queryStrings(List.of("role", "email", "at", "name", "platformId", "userId", "_method", "page"),
                HOSTILE.urlValue());
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("name", "csmEmail", "adminEmail", "email", "role", "at")),
                Tuple.of(1, Arbitraries.of("userId", "platformId", "revision", "changedBy", "Email", "@type", "__proto__")),
                Tuple.of(1, HOSTILE.text()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("\"Acme\"", "\"a@example.com\"", "\"MENTEE\"", "\"MENTOR\"",
                        "\"" + Instant.now().minus(Duration.ofDays(1)) + "\"")),
                Tuple.of(5, HOSTILE.text().map(HostileInput::jsonString)),
                Tuple.of(2, HOSTILE.jsonValue(2)));
        Arbitrary<String> nearlyValid = Combinators.combine(key, value).as((k, v) -> HostileInput.jsonString(k) + ":" + v)
                .list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}");
        return HOSTILE.bodies(nearlyValid, nearlyValid, nearlyValid, HOSTILE.jsonValue(3),
                HostileInput.truncated(nearlyValid),
                // around the 16 KB limit
                HostileInput.sized("name", 15_000, 17_500),
                Arbitraries.of(PLATFORM_BODY, "{\"email\":\"new@example.com\",\"role\":\"MENTOR\"}", "{}", "null", "[]",
                        "\"\"", "{\"at\":null}", "{\"email\":\"a@example.com\",\"role\":\"MENTEE\",\"email\":\"b@example.com\"}"));
    }
}
