package dev.userdeletion.notification;

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
 * The authorisation table of notification-service, called for real: every route (each row of {@link #ENDPOINTS})
 * with every kind of caller (each of {@link #CALLERS}).
 *
 * <pre>
 * GET /api/csm/follow-ups                         CSM (any method under /api/csm/** is CSM only)
 * GET /api/csm/follow-ups/{caseId}                CSM
 * GET /api/csm/follow-ups/{caseId}/emails.csv     CSM
 * GET /api/platforms/{platformId}/notifications   PLATFORM_ADMIN whose platform_id is {platformId}
 * GET /actuator, /actuator/info, /actuator/prometheus        SERVICE
 * GET /actuator/health/**, /v3/api-docs                      anyone, no token needed
 * anything else (/v3/api-docs.yaml, /error called directly)  no one
 * </pre>
 *
 * No token, an expired token, a token signed by another key or from another issuer: 401 (even with every role).
 * A valid token without the right: 403 (an admin of another platform, AUDITOR, SERVICE, a CSM on the admin
 * feed, an admin on the CSM routes, an unknown role).
 *
 * <p>Existence never leaks. An admin of another platform gets 403 before anything is looked up, so the answer
 * is identical whether the platform exists or not; a caller without the CSM role gets the same 403 for a case
 * that exists as for one that does not. Inside its own platform an admin sees only that platform's
 * notifications, and an unknown platform simply has none.
 *
 * <p>Nothing changes: with the service's other writers quiet (listeners paused, no mail pending), every table
 * of the service's database and the end of every product and dead-letter topic are the same after all the
 * calls as before. {@link #everyMappedRouteHasARow()} fails for a new endpoint until it has a row here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends IntegrationTest {

    private enum Rule { CSM, ADMIN_OF_PATH_PLATFORM, SERVICE, ANYONE, NO_ONE }

    /**
     * One route: the method and pattern as the handler mapping has them ({@code method} null: any method) and a
     * concrete path to call ({@code {platformId}} and {@code {caseId}} are replaced).
     */
    private record Endpoint(HttpMethod method, String mapping, String example, Rule rule) {

        Endpoint(HttpMethod method, String mapping, Rule rule) {
            this(method, mapping, mapping, rule);
        }

        String route() {
            return (method == null ? "*" : method.name()) + " " + mapping;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(HttpMethod.GET, "/api/csm/follow-ups", Rule.CSM),
            new Endpoint(HttpMethod.GET, "/api/csm/follow-ups/{caseId}", Rule.CSM),
            new Endpoint(HttpMethod.GET, "/api/csm/follow-ups/{caseId}/emails.csv", Rule.CSM),
            new Endpoint(HttpMethod.GET, "/api/platforms/{platformId}/notifications", Rule.ADMIN_OF_PATH_PLATFORM),
            new Endpoint(HttpMethod.GET, "/actuator", Rule.SERVICE),
            new Endpoint(HttpMethod.GET, "/actuator/info", Rule.SERVICE),
            new Endpoint(HttpMethod.GET, "/actuator/prometheus", Rule.SERVICE),
            new Endpoint(HttpMethod.GET, "/actuator/health", Rule.ANYONE),
            // components are not shown, so this answers 404, but to anyone
            new Endpoint(HttpMethod.GET, "/actuator/health/**", "/actuator/health/db", Rule.ANYONE),
            new Endpoint(HttpMethod.GET, "/v3/api-docs", Rule.ANYONE),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            new Endpoint(HttpMethod.GET, "/v3/api-docs.yaml", Rule.NO_ONE),
            new Endpoint(null, "/error", Rule.NO_ONE));

    private enum Token { NONE, INVALID, VALID }

    private enum Scope { OF_PATH, OTHER, NONE }

    /** A kind of caller: its bearer token from (path platform, other platform); a valid one grants {@code roles} in {@code scope}. */
    private record Caller(String name, Token kind, TokenFactory token, Set<String> roles, Scope scope) {

        static Caller invalid(String name, TokenFactory token) {
            return new Caller(name, Token.INVALID, token, Set.of(), Scope.NONE);
        }

        static Caller valid(String name, Set<String> roles, Scope scope, TokenFactory token) {
            return new Caller(name, Token.VALID, token, roles, scope);
        }
    }

    @FunctionalInterface
    private interface TokenFactory {
        String token(String pathPlatform, String otherPlatform);
    }

    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final LocalTokenIssuer ANOTHER_KEY = LocalTokenIssuer.temporary();
    private static final Duration VALID = Duration.ofMinutes(30);
    private static final List<String> EVERY_ROLE = Arrays.stream(ApiRole.values()).map(Enum::name).toList();

    private static final List<Caller> CALLERS = List.of(
            new Caller("no token", Token.NONE, (p, o) -> null, Set.of(), Scope.NONE),
            Caller.invalid("expired, every role", (p, o) -> TOKENS.mint("all-1", p, EVERY_ROLE, Duration.ofMinutes(-10))),
            Caller.invalid("signed by another key, every role", (p, o) -> ANOTHER_KEY.mint("all-1", p, EVERY_ROLE, VALID)),
            Caller.invalid("from another issuer, every role", (p, o) -> TOKENS.sign(new JWTClaimsSet.Builder()
                    .issuer("https://evil.example").subject("all-1").claim("roles", EVERY_ROLE).claim("platform_id", p)
                    .expirationTime(Date.from(Instant.now().plus(VALID))).build())),
            Caller.valid("admin of another platform", Set.of("PLATFORM_ADMIN"), Scope.OTHER,
                    (p, o) -> TOKENS.platformAdmin("admin-2", o)),
            Caller.valid("every role but CSM, admin of another platform", Set.of("PLATFORM_ADMIN", "AUDITOR", "SERVICE"),
                    Scope.OTHER, (p, o) -> TOKENS.mint("all-but-csm", o, List.of("PLATFORM_ADMIN", "AUDITOR", "SERVICE"), VALID)),
            Caller.valid("CSM", Set.of("CSM"), Scope.NONE, (p, o) -> TOKENS.csm("csm-1")),
            Caller.valid("CSM, AUDITOR and SERVICE scoped to the platform", Set.of("CSM", "AUDITOR", "SERVICE"),
                    Scope.OF_PATH, (p, o) -> TOKENS.mint("all-but-admin", p, List.of("CSM", "AUDITOR", "SERVICE"), VALID)),
            Caller.valid("AUDITOR", Set.of("AUDITOR"), Scope.NONE, (p, o) -> TOKENS.auditor("auditor-1")),
            Caller.valid("SERVICE (e.g. another back end)", Set.of("SERVICE"), Scope.NONE,
                    (p, o) -> TOKENS.service("membership-service", VALID)),
            Caller.valid("an unknown role, scoped to the platform", Set.of("ROOT"), Scope.OF_PATH,
                    (p, o) -> TOKENS.mint("root", p, List.of("ROOT"), VALID)),
            Caller.valid("admin of the platform", Set.of("PLATFORM_ADMIN"), Scope.OF_PATH,
                    (p, o) -> TOKENS.platformAdmin("admin-1", p)));

    @Autowired
    ApplicationContext context;

    private Platform platform;
    private Platform other;
    private String caseId;
    private ServiceState state;

    @BeforeAll
    void aCaseAndANotification() {
        platform = newPlatform();
        other = newPlatform();
        UUID ann = announceUser(newEmail(), platform.id(), other.id());
        awaitDirectoryKnows(ann);
        UUID requestId = UUID.randomUUID();
        send(rejected(requestId, platform, ann));
        send(completed(requestId, platform, 1, 1));
        caseId = awaitCase(platform, requestId, c -> true).get("caseId").asString();
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
            case CSM -> caller.roles().contains("CSM");
            case SERVICE -> caller.roles().contains("SERVICE");
            case ADMIN_OF_PATH_PLATFORM -> caller.roles().contains("PLATFORM_ADMIN") && caller.scope() == Scope.OF_PATH;
        };
        return allowed ? 200 : 403;
    }

    private Response call(Endpoint endpoint, String pathPlatform, String caseOrRandom, String token) {
        String path = endpoint.example().replace("{platformId}", pathPlatform).replace("{caseId}", caseOrRandom);
        return new ApiCalls(http).send(endpoint.method() == null ? HttpMethod.GET : endpoint.method(), path, null,
                MediaType.APPLICATION_JSON, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSaysAndNothingChanges() {
        state.quiesce();
        try {
            ServiceState.Snapshot before = state.snapshot();
            SoftAssertions softly = new SoftAssertions();
            for (Endpoint endpoint : ENDPOINTS) {
                for (Caller caller : CALLERS) {
                    Response r = call(endpoint, platform.id(), caseId, caller.token().token(platform.id(), other.id()));
                    int expected = expectedStatus(endpoint.rule(), caller);
                    String row = endpoint.route() + " as " + caller.name() + ": " + r.raw();
                    switch (expected) {
                        case 401 -> assertProblem(softly, row, r, 401, "unauthenticated");
                        case 403 -> assertProblem(softly, row, r, 403, "forbidden");
                        // the service's own endpoints answer 200; others may, e.g., be 404 for a missing health group
                        default -> softly.assertThat(r.status()).as(row).isNotIn(401, 403)
                                .isLessThan(endpoint.mapping().startsWith("/api/") ? 300 : 500);
                    }
                }
            }
            softly.assertAll();
            ServiceState.Snapshot after = state.snapshot();
            assertThat(after.tables()).as("every table of the database").isEqualTo(before.tables());
            assertThat(after.topicEnds()).as("the end of every topic").isEqualTo(before.topicEnds());
        } finally {
            state.resume();
        }
    }

    /** A refused caller learns nothing: the same answer for what exists and what does not. */
    @Test
    void refusedCallersGetTheSameAnswerWhetherThePlatformOrCaseExistsOrNot() {
        String random = UUID.randomUUID().toString();
        for (Endpoint endpoint : ENDPOINTS.stream().filter(e -> e.mapping().startsWith("/api/")).toList()) {
            for (Caller caller : CALLERS) {
                String token = caller.token().token(platform.id(), other.id());
                Response existing = call(endpoint, platform.id(), caseId, token);
                if (existing.status() == 401 || existing.status() == 403) {
                    Response missing = call(endpoint, "no-such-" + platform.id(), random, caller.token().token(
                            "no-such-" + platform.id(), other.id()));
                    assertThat(missing.status()).as(endpoint.route() + " as " + caller.name()).isEqualTo(existing.status());
                    assertThat(missing.body()).as(endpoint.route() + " as " + caller.name()).isEqualTo(existing.body());
                }
            }
        }
    }

    @Test
    void theRightCallersGetTheData() {
        String csm = TOKENS.csm("csm-1");
        Response cases = call(ENDPOINTS.get(0), platform.id(), caseId, csm);
        assertThat(cases.status()).isEqualTo(200);
        assertThat(cases.body()).anyMatch(c -> c.get("caseId").asString().equals(caseId));
        Response csv = new ApiCalls(http).send(HttpMethod.GET, "/api/csm/follow-ups/" + caseId + "/emails.csv", null,
                null, Map.of("Authorization", "Bearer " + csm), MediaType.parseMediaType("text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw()).startsWith("email\r\n").contains("@example.com");

        Response feed = call(ENDPOINTS.get(3), platform.id(), caseId, TOKENS.platformAdmin("admin-1", platform.id()));
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.body()).singleElement().satisfies(n -> assertThat(n.get("caseId").asString()).isEqualTo(caseId));
        Response otherFeed = call(ENDPOINTS.get(3), other.id(), caseId, TOKENS.platformAdmin("admin-2", other.id()));
        assertThat(otherFeed.status()).isEqualTo(200);
        assertThat(otherFeed.body()).as("another platform's notifications").isEmpty();
    }

    private static void assertProblem(SoftAssertions softly, String row, Response r, int status, String slug) {
        softly.assertThat(r.status()).as(row).isEqualTo(status);
        softly.assertThat(r.contentType()).as(row).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "is problem+json");
        softly.assertThat(r.body() == null ? null : r.body().get("type").asString()).as(row).endsWith("/" + slug);
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
        assertThat(single).containsAll(EVERY_ROLE.stream().map(Set::of).toList());
    }
}
