package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.security.ApiRole;
import dev.userdeletion.testsupport.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The authorisation table of membership-service, called for real: every endpoint (each row of
 * {@link #ENDPOINTS}) with every kind of caller (each of {@link #CALLERS}).
 *
 * <pre>
 * PUT    /api/platforms/{platformId}                      SERVICE
 * GET    /api/platforms/{platformId}                      SERVICE, CSM, PLATFORM_ADMIN whose platform_id is {platformId}
 * POST   /api/platforms/{platformId}/members              SERVICE
 * DELETE /api/platforms/{platformId}/members/{userId}     CSM
 * PUT    /api/platforms/{platformId}/access-list/{email}  SERVICE
 * GET    /api/platforms/{platformId}/access-list          SERVICE, PLATFORM_ADMIN whose platform_id is {platformId}
 * POST   /api/users/{userId}/logins                       SERVICE
 * GET    /api/users/{userId}                              SERVICE, CSM
 * GET    /actuator, /actuator/info, /actuator/prometheus  SERVICE
 * GET    /actuator/health, /actuator/health/**, /v3/api-docs   anyone, no token needed
 * anything else (/v3/api-docs.yaml, /error called directly)     no one
 * </pre>
 *
 * AUDITOR gets nothing here. No token, an expired token, a token signed by another key or from another
 * issuer: 401. A valid token without the right: 403 (an admin of another platform, each role alone where the
 * table does not name it, role combinations, an unknown role).
 *
 * <p>Existence never leaks. An admin of another platform gets 403 before anything is looked up, so the
 * answer is identical whether the platform (or user, or email) exists or not. The routes an admin may use
 * here take no ids besides the platform's own, so nothing of another platform can be reached through the
 * admin's own platform path.
 *
 * <p>Nothing changes: the refused calls carry requests that would change something if they got through
 * (a new member, a removable membership, a login, a new access-list email), yet with the Kafka listeners
 * paused every table of the service's database is the same afterwards, and a marker event written after
 * the calls is the only event published meanwhile. {@link #everyMappedRouteHasARow()} fails for a new
 * endpoint until it has a row here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends IntegrationTest {

    /** Who a row lets through; an empty set is no one. */
    private enum Grant { SERVICE, CSM, ADMIN_OF_PATH_PLATFORM, ANYONE }

    /** Data a call needs: the path's platform, another platform, a member of both, an email on neither. */
    private record Fixture(String platform, String other, String userId, String newEmail) {
    }

    /** A concrete call: the path (already encoded) and the JSON body, if any. */
    private record Call(String path, Object body) {
    }

    /**
     * One route: the method and pattern as the handler mapping has them ({@code method} null: any method),
     * who may call it, and how to call it for a fixture.
     */
    private record Endpoint(HttpMethod method, String mapping, Set<Grant> grants, Function<Fixture, Call> call) {

        static Endpoint api(HttpMethod method, String mapping, Set<Grant> grants, Function<Fixture, Call> call) {
            return new Endpoint(method, mapping, grants, call);
        }

        static Endpoint other(String mapping, String path, Set<Grant> grants) {
            return new Endpoint(HttpMethod.GET, mapping, grants, f -> new Call(path, null));
        }

        boolean isApi() {
            return mapping.startsWith("/api/");
        }

        String route() {
            return (method == null ? "*" : method.name()) + " " + mapping;
        }
    }

    private static final Set<Grant> NO_ONE = Set.of();

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.api(HttpMethod.PUT, "/api/platforms/{platformId}", Set.of(Grant.SERVICE),
                    f -> new Call("/api/platforms/" + f.platform(), Map.of("name", "Renamed " + UUID.randomUUID(),
                            "csmEmail", "csm@example.com", "adminEmail", "admin@example.com"))),
            Endpoint.api(HttpMethod.GET, "/api/platforms/{platformId}",
                    Set.of(Grant.SERVICE, Grant.CSM, Grant.ADMIN_OF_PATH_PLATFORM),
                    f -> new Call("/api/platforms/" + f.platform(), null)),
            Endpoint.api(HttpMethod.POST, "/api/platforms/{platformId}/members", Set.of(Grant.SERVICE),
                    f -> new Call("/api/platforms/" + f.platform() + "/members",
                            Map.of("email", f.newEmail(), "role", "MENTEE"))),
            Endpoint.api(HttpMethod.DELETE, "/api/platforms/{platformId}/members/{userId}", Set.of(Grant.CSM),
                    f -> new Call("/api/platforms/" + f.platform() + "/members/" + f.userId(), null)),
            Endpoint.api(HttpMethod.PUT, "/api/platforms/{platformId}/access-list/{email}", Set.of(Grant.SERVICE),
                    f -> new Call("/api/platforms/" + f.platform() + "/access-list/" + f.newEmail(), null)),
            Endpoint.api(HttpMethod.GET, "/api/platforms/{platformId}/access-list",
                    Set.of(Grant.SERVICE, Grant.ADMIN_OF_PATH_PLATFORM),
                    f -> new Call("/api/platforms/" + f.platform() + "/access-list", null)),
            Endpoint.api(HttpMethod.POST, "/api/users/{userId}/logins", Set.of(Grant.SERVICE),
                    f -> new Call("/api/users/" + f.userId() + "/logins",
                            Map.of("at", Instant.now().truncatedTo(ChronoUnit.MICROS).toString()))),
            Endpoint.api(HttpMethod.GET, "/api/users/{userId}", Set.of(Grant.SERVICE, Grant.CSM),
                    f -> new Call("/api/users/" + f.userId(), null)),
            Endpoint.other("/actuator", "/actuator", Set.of(Grant.SERVICE)),
            Endpoint.other("/actuator/info", "/actuator/info", Set.of(Grant.SERVICE)),
            Endpoint.other("/actuator/prometheus", "/actuator/prometheus", Set.of(Grant.SERVICE)),
            Endpoint.other("/actuator/health", "/actuator/health", Set.of(Grant.ANYONE)),
            // components are not shown, so this answers 404, but to anyone
            Endpoint.other("/actuator/health/**", "/actuator/health/db", Set.of(Grant.ANYONE)),
            Endpoint.other("/v3/api-docs", "/v3/api-docs", Set.of(Grant.ANYONE)),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            Endpoint.other("/v3/api-docs.yaml", "/v3/api-docs.yaml", NO_ONE),
            new Endpoint(null, "/error", NO_ONE, f -> new Call("/error", null)));

    private enum Kind { NONE, INVALID, VALID }

    private enum Scope { PATH_PLATFORM, OTHER_PLATFORM, NONE }

    /** Makes a caller's bearer token from (the path's platform, another platform); null: no token. */
    @FunctionalInterface
    private interface TokenFactory {
        String token(String pathPlatform, String otherPlatform);
    }

    /** A kind of caller; a valid token grants {@code roles}, with {@code platform_id} as {@code scope} says. */
    private record Caller(String name, Kind kind, Set<String> roles, Scope scope, TokenFactory token) {

        static Caller invalid(String name, TokenFactory token) {
            return new Caller(name, Kind.INVALID, Set.of(), Scope.NONE, token);
        }

        static Caller valid(String name, Scope scope, TokenFactory token, String... roles) {
            return new Caller(name, Kind.VALID, Set.of(roles), scope, token);
        }
    }

    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final LocalTokenIssuer ANOTHER_KEY = LocalTokenIssuer.temporary();
    private static final Duration VALID = Duration.ofMinutes(30);
    private static final List<String> ALL_ROLES = Arrays.stream(ApiRole.values()).map(Enum::name).toList();

    private static final List<Caller> CALLERS = List.of(
            new Caller("no token", Kind.NONE, Set.of(), Scope.NONE, (p, o) -> null),
            Caller.invalid("expired, every role", (p, o) -> TOKENS.mint("all-roles", p, ALL_ROLES, Duration.ofMinutes(-10))),
            Caller.invalid("every role, signed by another key", (p, o) -> ANOTHER_KEY.mint("all-roles", p, ALL_ROLES, VALID)),
            Caller.invalid("every role, from another issuer", (p, o) -> TOKENS.sign(new JWTClaimsSet.Builder()
                    .issuer("https://evil.example").subject("all-roles").claim("roles", ALL_ROLES)
                    .claim("platform_id", p).expirationTime(Date.from(Instant.now().plus(VALID))).build())),
            Caller.valid("admin of another platform", Scope.OTHER_PLATFORM,
                    (p, o) -> TOKENS.platformAdmin("admin-2", o), "PLATFORM_ADMIN"),
            Caller.valid("admin of the platform", Scope.PATH_PLATFORM,
                    (p, o) -> TOKENS.platformAdmin("admin-1", p), "PLATFORM_ADMIN"),
            Caller.valid("CSM", Scope.NONE, (p, o) -> TOKENS.csm("csm-1"), "CSM"),
            Caller.valid("AUDITOR", Scope.NONE, (p, o) -> TOKENS.auditor("auditor-1"), "AUDITOR"),
            Caller.valid("SERVICE (a back end)", Scope.NONE, (p, o) -> TOKENS.service("mentoring-backend", VALID),
                    "SERVICE"),
            Caller.valid("admin of the platform and AUDITOR", Scope.PATH_PLATFORM,
                    (p, o) -> TOKENS.mint("admin-auditor", p, List.of("PLATFORM_ADMIN", "AUDITOR"), VALID),
                    "PLATFORM_ADMIN", "AUDITOR"),
            Caller.valid("an unknown role, scoped to the platform", Scope.PATH_PLATFORM,
                    (p, o) -> TOKENS.mint("root", p, List.of("ROOT"), VALID), "ROOT"));

    /** Let through: neither 401 nor 403. */
    private static final int THROUGH = 0;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    ApplicationContext context;

    private ServiceState state;
    private String marker;
    /** For the routes outside the API, which read no fixture data. */
    private Fixture notUsed;

    @BeforeAll
    void connect() {
        state = new ServiceState(context);
        marker = member(newPlatform(), newEmail(), "MENTEE");
        notUsed = new Fixture(newPlatform(), newPlatform(), UUID.randomUUID().toString(), newEmail());
    }

    @AfterAll
    void disconnect() {
        state.close();
    }

    private static int expectedStatus(Endpoint endpoint, Caller caller) {
        if (caller.kind() == Kind.INVALID) {
            return 401; // even where no token is needed: a token that is sent is checked
        }
        if (endpoint.grants().contains(Grant.ANYONE)) {
            return THROUGH;
        }
        if (caller.kind() == Kind.NONE) {
            return 401;
        }
        boolean allowed = endpoint.grants().contains(Grant.SERVICE) && caller.roles().contains("SERVICE")
                || endpoint.grants().contains(Grant.CSM) && caller.roles().contains("CSM")
                || endpoint.grants().contains(Grant.ADMIN_OF_PATH_PLATFORM) && caller.roles().contains("PLATFORM_ADMIN")
                && caller.scope() == Scope.PATH_PLATFORM;
        return allowed ? THROUGH : 403;
    }

    /**
     * Sends the call with the JDK's client: the test's RestTemplate client (Jetty) aborts a request with a body
     * when the answer is 401 with {@code WWW-Authenticate}, instead of returning the answer.
     */
    private Response call(Endpoint endpoint, Caller caller, Fixture fixture) {
        Call call = endpoint.call().apply(fixture);
        String token = caller.token().token(fixture.platform(), fixture.other());
        String body = call.body() == null ? null : JSON.writeValueAsString(call.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.getRootUri() + call.path()))
                .method(endpoint.method() == null ? "GET" : endpoint.method().name(),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        }
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            HttpHeaders headers = new HttpHeaders();
            response.headers().map().forEach(headers::addAll);
            MediaType type = headers.getContentType();
            boolean json = type != null && type.getSubtype().endsWith("json") && !response.body().isBlank();
            return new Response(response.statusCode(), headers, response.body(), json ? JSON.readTree(response.body()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A platform, another one, a member of both (so the CSM removal would succeed) and an unused email. */
    private Fixture fixture() {
        String platform = newPlatform();
        String other = newPlatform();
        String email = newEmail();
        String userId = member(platform, email, "MENTOR");
        member(other, email, "MENTEE");
        return new Fixture(platform, other, userId, newEmail());
    }

    @Test
    void everyRefusedCallIsAProblemAndChangesNothing() {
        Fixture fixture = fixture();
        state.pauseListeners();
        try {
            markerEvent();
            Map<TopicPartition, Long> endsBefore = state.topicEnds();
            String before = snapshot();

            SoftAssertions softly = new SoftAssertions();
            int refused = 0;
            for (Endpoint endpoint : ENDPOINTS) {
                for (Caller caller : CALLERS) {
                    int expected = expectedStatus(endpoint, caller);
                    if (expected != THROUGH) {
                        Response r = call(endpoint, caller, fixture);
                        assertProblem(softly, endpoint.route() + " as " + caller.name() + ": " + r.raw(), r, expected,
                                expected == 401 ? "unauthenticated" : "forbidden");
                        refused++;
                    }
                }
            }
            softly.assertAll();
            assertThat(refused).as("refused calls").isGreaterThan(ENDPOINTS.size() * 4);

            assertThat(snapshot()).as("every table of the database").isEqualTo(before);
            ConsumerRecord<String, byte[]> last = markerEvent();
            TopicPartition markerPartition = new TopicPartition(last.topic(), last.partition());
            assertThat(last.offset()).as("nothing was published before the marker").isEqualTo(endsBefore.get(markerPartition));
            Map<TopicPartition, Long> expectedEnds = new HashMap<>(endsBefore);
            expectedEnds.merge(markerPartition, 1L, Long::sum);
            assertThat(state.topicEnds()).as("the end of every topic: the marker event only").isEqualTo(expectedEnds);
        } finally {
            state.resumeListeners();
        }
    }

    /**
     * Records a login of the marker user and waits until its UserState is on Kafka. One relay publishes the
     * service's events in the order they were written, so anything written before is on Kafka by then too.
     */
    private ConsumerRecord<String, byte[]> markerEvent() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Response r = call(HttpMethod.POST, "/api/users/" + marker + "/logins", Map.of("at", at.toString()));
        assertThat(r.status()).as(r.raw()).isEqualTo(204);
        return userStates(marker, records -> !records.isEmpty() && at.equals(decode(records.getLast()).lastLoginAt()))
                .getLast();
    }

    private static void assertProblem(SoftAssertions softly, String row, Response r, int status, String slug) {
        softly.assertThat(r.status()).as(row).isEqualTo(status);
        softly.assertThat(r.contentType()).as(row).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "is problem+json");
        softly.assertThat(r.body() == null ? null : r.body().get("type").asString()).as(row).endsWith("/" + slug);
    }

    @Test
    void theCallersTheTableNamesGetThrough() {
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : CALLERS) {
                if (expectedStatus(endpoint, caller) == THROUGH) {
                    Response r = call(endpoint, caller, endpoint.isApi() ? fixture() : notUsed);
                    String row = endpoint.route() + " as " + caller.name() + ": " + r.raw();
                    if (endpoint.isApi()) {
                        // a fresh fixture each time: the call succeeds
                        softly.assertThat(r.status()).as(row).isBetween(200, 299);
                    } else {
                        softly.assertThat(r.status()).as(row).isNotIn(401, 403).isLessThan(500);
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void anAdminOfAnotherPlatformGetsTheSameAnswerWhetherThePlatformExistsOrNot() {
        Fixture existing = fixture();
        Fixture missing = new Fixture("no-such-" + UUID.randomUUID().toString().substring(0, 8), existing.other(),
                UUID.randomUUID().toString(), newEmail());
        Caller outsider = CALLERS.stream().filter(c -> c.scope() == Scope.OTHER_PLATFORM).findFirst().orElseThrow();
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.mapping().startsWith("/api/platforms/")) {
                Response toExisting = call(endpoint, outsider, existing);
                Response toMissing = call(endpoint, outsider, missing);
                assertThat(toExisting.status()).as(endpoint.route()).isEqualTo(403);
                assertThat(toMissing.raw()).as(endpoint.route()).isEqualTo(toExisting.raw());
            }
        }
    }

    /** A new endpoint (controller, springdoc or actuator) fails here until the table above has a row for it. */
    @Test
    void everyMappedRouteHasARow() {
        Set<String> mapped = new TreeSet<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> mapped.addAll(routes(info))));
        Set<String> rows = ENDPOINTS.stream().map(Endpoint::route).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rows).as("rows of the matrix").isEqualTo(mapped);
    }

    private static Set<String> routes(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        List<String> names = methods.isEmpty() ? List.of("*") : methods.stream().map(Enum::name).toList();
        return info.getPatternValues().stream()
                .flatMap(pattern -> names.stream().map(method -> method + " " + pattern))
                .collect(Collectors.toSet());
    }

    @Test
    void eachRoleAloneIsACaller() {
        Set<String> single = CALLERS.stream().filter(c -> c.kind() == Kind.VALID && c.roles().size() == 1)
                .flatMap(c -> c.roles().stream()).collect(Collectors.toSet());
        assertThat(single).containsAll(EnumSet.allOf(ApiRole.class).stream().map(Enum::name).toList());
    }
}
