package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.security.ApiRole;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The authorisation table of user-query-service, called for real: every endpoint (each row of {@link #ENDPOINTS})
 * with every kind of caller (each of {@link #CALLERS}).
 *
 * <pre>
 * GET  /api/platforms/{platformId}/users          PLATFORM_ADMIN whose platform_id is {platformId}, no one else
 * GET  /api/platforms/{platformId}/users/count    "
 * GET  /api/platforms/{platformId}/user-ids       "
 * POST /api/platforms/{platformId}/users/lookup   "
 * GET  /actuator, /actuator/info, /actuator/prometheus       SERVICE
 * GET  /actuator/health/**, /v3/api-docs                     anyone, no token needed
 * anything else (/v3/api-docs.yaml, /error called directly)  no one
 * </pre>
 *
 * No token, an expired token, a token signed by another key or from another issuer: 401. A valid token
 * without the right: 403 (an admin of another platform, CSM, AUDITOR, SERVICE, every other role scoped to
 * the platform, an unknown role). The deletion-orchestrator has no rule of its own: it relays the admin's
 * token, so it reaches exactly what the admin may.
 *
 * <p>Existence never leaks. An admin of another platform gets 403 before anything is looked up, so the
 * answer is identical whether the platform exists or not. Ids of users of another platform asked for
 * through the caller's own platform (the lookup) are reported in {@code unknownUserIds}, exactly like ids
 * that never existed, as before security was added.
 *
 * <p>Nothing changes: with the projection (the service's only other writer) paused, every table of the
 * service's database and the end offset of every Kafka topic are the same after all the calls as before.
 * {@link #everyMappedRouteHasARow()} fails for a new endpoint until it has a row here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends IntegrationTest {

    private enum Rule { ADMIN_OF_PATH_PLATFORM, SERVICE, ANYONE, NO_ONE }

    /**
     * One route: the method and pattern as the handler mapping has them ({@code method} null: any method),
     * a concrete path to call ({@code {platformId}} is replaced) and a body for POST ({@code {userId}} is replaced).
     */
    private record Endpoint(HttpMethod method, String mapping, String example, String body, Rule rule) {

        static Endpoint platform(HttpMethod method, String mapping, String body) {
            return new Endpoint(method, mapping, mapping, body, Rule.ADMIN_OF_PATH_PLATFORM);
        }

        String route() {
            return (method == null ? "*" : method.name()) + " " + mapping;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.platform(HttpMethod.GET, "/api/platforms/{platformId}/users", null),
            Endpoint.platform(HttpMethod.GET, "/api/platforms/{platformId}/users/count", null),
            Endpoint.platform(HttpMethod.GET, "/api/platforms/{platformId}/user-ids", null),
            Endpoint.platform(HttpMethod.POST, "/api/platforms/{platformId}/users/lookup", "{\"userIds\": [\"{userId}\"]}"),
            new Endpoint(HttpMethod.GET, "/actuator", "/actuator", null, Rule.SERVICE),
            new Endpoint(HttpMethod.GET, "/actuator/info", "/actuator/info", null, Rule.SERVICE),
            new Endpoint(HttpMethod.GET, "/actuator/prometheus", "/actuator/prometheus", null, Rule.SERVICE),
            new Endpoint(HttpMethod.GET, "/actuator/health", "/actuator/health", null, Rule.ANYONE),
            // components are not shown, so this answers 404, but to anyone
            new Endpoint(HttpMethod.GET, "/actuator/health/**", "/actuator/health/db", null, Rule.ANYONE),
            new Endpoint(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs", null, Rule.ANYONE),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            new Endpoint(HttpMethod.GET, "/v3/api-docs.yaml", "/v3/api-docs.yaml", null, Rule.NO_ONE),
            new Endpoint(null, "/error", "/error", null, Rule.NO_ONE));

    private enum Token { NONE, INVALID, VALID }

    private enum Platform { OF_PATH, OTHER, NONE }

    /**
     * A kind of caller: {@code token} makes its bearer token from (path platform, other platform); a valid
     * one grants {@code roles}, scoped to {@code platform}.
     */
    private record Caller(String name, Token kind, TokenFactory token, Set<String> roles, Platform platform) {

        static Caller invalid(String name, TokenFactory token) {
            return new Caller(name, Token.INVALID, token, Set.of(), Platform.NONE);
        }

        static Caller valid(String name, Set<String> roles, Platform platform, TokenFactory token) {
            return new Caller(name, Token.VALID, token, roles, platform);
        }
    }

    @FunctionalInterface
    private interface TokenFactory {
        String token(String pathPlatform, String otherPlatform);
    }

    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final LocalTokenIssuer ANOTHER_KEY = LocalTokenIssuer.temporary();
    private static final Duration VALID = Duration.ofMinutes(30);

    private static final List<Caller> CALLERS = List.of(
            new Caller("no token", Token.NONE, (p, o) -> null, Set.of(), Platform.NONE),
            Caller.invalid("expired admin of the platform",
                    (p, o) -> TOKENS.mint("admin-1", p, List.of("PLATFORM_ADMIN"), Duration.ofMinutes(-10))),
            Caller.invalid("admin of the platform signed by another key", (p, o) -> ANOTHER_KEY.platformAdmin("admin-1", p)),
            Caller.invalid("admin of the platform from another issuer", (p, o) -> TOKENS.sign(new JWTClaimsSet.Builder()
                    .issuer("https://evil.example").subject("admin-1").claim("roles", List.of("PLATFORM_ADMIN"))
                    .claim("platform_id", p).expirationTime(Date.from(Instant.now().plus(VALID))).build())),
            Caller.valid("admin of another platform", Set.of("PLATFORM_ADMIN"), Platform.OTHER,
                    (p, o) -> TOKENS.platformAdmin("admin-2", o)),
            Caller.valid("CSM", Set.of("CSM"), Platform.NONE, (p, o) -> TOKENS.csm("csm-1")),
            Caller.valid("AUDITOR", Set.of("AUDITOR"), Platform.NONE, (p, o) -> TOKENS.auditor("auditor-1")),
            Caller.valid("SERVICE (e.g. the orchestrator's own identity)", Set.of("SERVICE"), Platform.NONE,
                    (p, o) -> TOKENS.service("deletion-orchestrator", VALID)),
            Caller.valid("every other role, scoped to the platform", Set.of("CSM", "AUDITOR", "SERVICE"), Platform.OF_PATH,
                    (p, o) -> TOKENS.mint("all-but-admin", p, List.of("CSM", "AUDITOR", "SERVICE"), VALID)),
            Caller.valid("an unknown role, scoped to the platform", Set.of("ROOT"), Platform.OF_PATH,
                    (p, o) -> TOKENS.mint("root", p, List.of("ROOT"), VALID)),
            Caller.valid("admin of the platform", Set.of("PLATFORM_ADMIN"), Platform.OF_PATH,
                    (p, o) -> TOKENS.platformAdmin("admin-1", p)));

    @Autowired
    ApplicationContext context;

    private final String platform = newPlatform();
    private final String other = newPlatform();
    private UUID ann;
    private UUID olga;
    private ServiceState state;

    @BeforeAll
    void publishUsers() {
        ann = UUID.randomUUID();
        olga = UUID.randomUUID();
        publish(state(ann, "ann@example.com", null, 1, member(platform, MENTOR)));
        publish(state(UUID.randomUUID(), "bob@example.com", null, 1, member(platform, MENTEE), member(other, MENTEE)));
        publish(state(olga, "olga@example.com", null, 1, member(other, MENTOR)));
        awaitCount(platform, 2);
        awaitCount(other, 2);
        state = new ServiceState(context);
    }

    @AfterAll
    void closeState() {
        state.close();
    }

    /** 200 stands for "let through" (not 401/403). A bad token is refused even where none is needed. */
    private static int expectedStatus(Rule rule, Caller caller) {
        if (caller.kind() == Token.NONE) {
            return rule == Rule.ANYONE ? 200 : 401;
        }
        if (caller.kind() == Token.INVALID) {
            return 401;
        }
        boolean allowed = switch (rule) {
            case ANYONE -> true;
            case NO_ONE -> false;
            case SERVICE -> caller.roles().contains("SERVICE");
            case ADMIN_OF_PATH_PLATFORM -> caller.roles().contains("PLATFORM_ADMIN") && caller.platform() == Platform.OF_PATH;
        };
        return allowed ? 200 : 403;
    }

    private Response call(Endpoint endpoint, String pathPlatform, String token) {
        String path = endpoint.example().replace("{platformId}", pathPlatform);
        String body = endpoint.body() == null ? null : endpoint.body().replace("{userId}", ann.toString());
        return new ApiCalls(http).send(endpoint.method() == null ? HttpMethod.GET : endpoint.method(), path, body,
                MediaType.APPLICATION_JSON, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSaysAndNothingChanges() {
        state.pauseProjection();
        try {
            ServiceState.Snapshot before = state.snapshot();
            SoftAssertions softly = new SoftAssertions();
            for (Endpoint endpoint : ENDPOINTS) {
                for (Caller caller : CALLERS) {
                    Response r = call(endpoint, platform, caller.token().token(platform, other));
                    int expected = expectedStatus(endpoint.rule(), caller);
                    String row = endpoint.route() + " as " + caller.name() + ": " + r.raw();
                    switch (expected) {
                        case 401 -> assertProblem(softly, row, r, 401, "unauthenticated");
                        case 403 -> assertProblem(softly, row, r, 403, "forbidden");
                        // the service's own endpoints answer 2xx; the others may, e.g., be 404 for a missing health group
                        default -> softly.assertThat(r.status()).as(row).isNotIn(401, 403)
                                .isLessThan(endpoint.rule() == Rule.ADMIN_OF_PATH_PLATFORM ? 300 : 500);
                    }
                }
            }
            softly.assertAll();
            ServiceState.Snapshot after = state.snapshot();
            assertThat(after.tables()).as("every table of the database").isEqualTo(before.tables());
            assertThat(after.topicEnds()).as("the end of every topic").isEqualTo(before.topicEnds());
        } finally {
            state.resumeProjection();
        }
    }

    private static void assertProblem(SoftAssertions softly, String row, Response r, int status, String slug) {
        softly.assertThat(r.status()).as(row).isEqualTo(status);
        softly.assertThat(r.contentType()).as(row).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "is problem+json");
        softly.assertThat(r.body() == null ? null : r.body().get("type").asString()).as(row).endsWith("/" + slug);
    }

    @Test
    void theAdminOfThePlatformGetsThePlatformsUsersOnly() {
        String admin = TOKENS.platformAdmin("admin-1", platform);
        assertThat(callAs(admin, "/users").body().get("totalElements").asInt()).isEqualTo(2);
        assertThat(callAs(admin, "/users/count").body().get("count").asInt()).isEqualTo(2);
        assertThat(callAs(admin, "/user-ids").body()).hasSize(2);
        Response lookup = new ApiCalls(http).json(HttpMethod.POST, "/api/platforms/" + platform + "/users/lookup",
                Map.of("userIds", List.of(ann.toString())), Map.of("Authorization", "Bearer " + admin));
        assertThat(lookup.body().get("items").get(0).get("email").asString()).isEqualTo("ann@example.com");
    }

    private Response callAs(String token, String endpoint) {
        Response r = new ApiCalls(http).send(HttpMethod.GET, "/api/platforms/" + platform + endpoint, null, null,
                Map.of("Authorization", "Bearer " + token));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r;
    }

    @Test
    void anAdminOfAnotherPlatformGetsTheSameAnswerWhetherThePlatformExistsOrNot() {
        String outsider = TOKENS.platformAdmin("admin-2", other);
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.rule() == Rule.ADMIN_OF_PATH_PLATFORM) {
                Response existing = call(endpoint, platform, outsider);
                Response missing = call(endpoint, newPlatform(), outsider);
                assertThat(existing.status()).as(endpoint.route()).isEqualTo(403);
                assertThat(missing.status()).as(endpoint.route()).isEqualTo(403);
                assertThat(missing.raw()).as(endpoint.route()).isEqualTo(existing.raw());
            }
        }
    }

    @Test
    void idsOfAnotherPlatformAreUnknownThroughTheCallersOwnPlatformLikeIdsThatNeverExisted() {
        UUID never = UUID.randomUUID();
        Response r = new ApiCalls(http).json(HttpMethod.POST, "/api/platforms/" + platform + "/users/lookup",
                Map.of("userIds", List.of(olga.toString(), never.toString())),
                Map.of("Authorization", "Bearer " + TOKENS.platformAdmin("admin-1", platform)));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("items")).isEmpty();
        assertThat(strings(r.body().get("unknownUserIds"))).containsExactly(olga.toString(), never.toString());
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
        Set<Set<String>> single = CALLERS.stream().filter(c -> c.kind() == Token.VALID).map(Caller::roles)
                .filter(roles -> roles.size() == 1).collect(Collectors.toSet());
        assertThat(single).containsAll(Arrays.stream(ApiRole.values()).map(role -> Set.of(role.name())).toList());
    }
}
