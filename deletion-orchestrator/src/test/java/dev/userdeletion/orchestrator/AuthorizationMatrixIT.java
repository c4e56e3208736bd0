package dev.userdeletion.orchestrator;

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
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
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
import tools.jackson.databind.JsonNode;

/**
 * The authorisation table of the deletion-orchestrator, called for real: every endpoint (each row of
 * {@link #ENDPOINTS}) with every kind of caller (each of {@link #CALLERS}).
 *
 * <pre>
 * POST   /api/platforms/{platformId}/deletion-requests                          PLATFORM_ADMIN of {platformId}
 * GET    /api/platforms/{platformId}/deletion-requests                          PLATFORM_ADMIN of {platformId}, AUDITOR
 * GET    /api/platforms/{platformId}/deletion-requests/{requestId}              PLATFORM_ADMIN of {platformId}, AUDITOR
 * DELETE /api/platforms/{platformId}/deletion-requests/{requestId}              PLATFORM_ADMIN of {platformId}
 * PUT    /api/platforms/{platformId}/deletion-requests/{requestId}/selection    PLATFORM_ADMIN of {platformId}
 * PATCH  /api/platforms/{platformId}/deletion-requests/{requestId}/selection    PLATFORM_ADMIN of {platformId}
 * POST   /api/platforms/{platformId}/deletion-requests/{requestId}/review       PLATFORM_ADMIN of {platformId}
 * GET    /api/platforms/{platformId}/deletion-requests/{requestId}/items        PLATFORM_ADMIN of {platformId}
 * POST   /api/platforms/{platformId}/deletion-requests/{requestId}/confirmation PLATFORM_ADMIN of {platformId}
 * GET    /actuator, /actuator/info, /actuator/prometheus                        SERVICE
 * GET    /actuator/health/**, /v3/api-docs                                      anyone, no token needed
 * anything else (/v3/api-docs.yaml, /error called directly)                     no one
 * </pre>
 *
 * CSM and SERVICE get 403 on every deletion-request endpoint. AUDITOR reads the request and the list of any
 * platform (ids and counts; a FILTER's email substring is withheld), never the items (emails) nor any write. No
 * token, an expired token, a token signed by another key or from another issuer: 401.
 *
 * <p><b>Existence never leaks.</b> An admin of another platform gets 403 before anything is looked up, so the
 * answer is byte for byte the same whether the platform or the request exists or not. Inside its own platform a
 * caller gets 404 for the id of another platform's request, exactly as for an id that never existed.
 *
 * <p><b>Nothing changes.</b> Every refused call is made against a REVIEWED request with a body that would change
 * it if let through (confirm it, cancel it, replace its selection…). With the outcome listener paused, every
 * table of the database is the same afterwards, and nothing was published: a request confirmed after the calls
 * (a barrier, relayed after anything they could have written) is the only thing on the topics since. The
 * rightful caller's writes run afterwards, each on a fresh request, and must succeed.
 * {@link #everyMappedRouteHasARow()} fails for a new endpoint until it has a row here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends IntegrationTest {

    private enum Rule { ADMIN_OF_PATH_PLATFORM, ADMIN_OF_PATH_PLATFORM_OR_AUDITOR, SERVICE, ANYONE, NO_ONE }

    private static final String REQUESTS = "/api/platforms/{platformId}/deletion-requests";
    private static final String REQUEST = REQUESTS + "/{requestId}";

    /**
     * One route: method and pattern as the handler mapping has them ({@code method} null: any), the path to call
     * ({@code {platformId}}, {@code {requestId}} replaced), a body that would change the request if let through
     * ({@code {userId}} replaced), and what the rightful caller gets ({@code success}; 0: any status below 500
     * but 401/403). {@code writes}: the rightful caller's call changes state, so it runs on a fresh request.
     */
    private record Endpoint(HttpMethod method, String mapping, String path, String body, Rule rule, int success,
                            boolean writes) {

        static Endpoint write(HttpMethod method, String mapping, String body, int success) {
            return new Endpoint(method, mapping, mapping, body, Rule.ADMIN_OF_PATH_PLATFORM, success, true);
        }

        static Endpoint read(String mapping, String path, Rule rule) {
            return new Endpoint(HttpMethod.GET, mapping, path, null, rule, 200, false);
        }

        static Endpoint infrastructure(HttpMethod method, String mapping, String path, Rule rule) {
            return new Endpoint(method, mapping, path, null, rule, 0, false);
        }

        String route() {
            return (method == null ? "*" : method.name()) + " " + mapping;
        }

        boolean isPlatformScoped() {
            return mapping.startsWith("/api/platforms/");
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.write(HttpMethod.POST, REQUESTS, null, 201),
            Endpoint.read(REQUESTS, REQUESTS + "?state=REVIEWED", Rule.ADMIN_OF_PATH_PLATFORM_OR_AUDITOR),
            Endpoint.read(REQUEST, REQUEST, Rule.ADMIN_OF_PATH_PLATFORM_OR_AUDITOR),
            Endpoint.write(HttpMethod.DELETE, REQUEST, null, 200),
            Endpoint.write(HttpMethod.PUT, REQUEST + "/selection", "{\"mode\": \"ALL_USERS\"}", 200),
            Endpoint.write(HttpMethod.PATCH, REQUEST + "/selection", "{\"add\": [\"{userId}\"]}", 200),
            Endpoint.write(HttpMethod.POST, REQUEST + "/review", null, 200),
            Endpoint.read(REQUEST + "/items", REQUEST + "/items?page=0&size=10", Rule.ADMIN_OF_PATH_PLATFORM),
            Endpoint.write(HttpMethod.POST, REQUEST + "/confirmation", "{\"typedCount\": 1}", 202),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator", "/actuator", Rule.SERVICE),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/info", "/actuator/info", Rule.SERVICE),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/prometheus", "/actuator/prometheus", Rule.SERVICE),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/health", "/actuator/health", Rule.ANYONE),
            // components are not shown, so this is a 404, but to anyone
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/health/**", "/actuator/health/db", Rule.ANYONE),
            Endpoint.infrastructure(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs", Rule.ANYONE),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            Endpoint.infrastructure(HttpMethod.GET, "/v3/api-docs.yaml", "/v3/api-docs.yaml", Rule.NO_ONE),
            Endpoint.infrastructure(null, "/error", "/error", Rule.NO_ONE));

    private enum Token { NONE, INVALID, VALID }

    private enum Scope { PATH_PLATFORM, OTHER_PLATFORM, NONE }

    /** A kind of caller: a valid token grants {@code roles}, scoped to {@code scope}. */
    private record Caller(String name, Token kind, Set<String> roles, Scope scope, TokenFactory token) {

        static Caller invalid(String name, TokenFactory token) {
            return new Caller(name, Token.INVALID, Set.of(), Scope.NONE, token);
        }

        static Caller valid(String name, Set<String> roles, Scope scope, TokenFactory token) {
            return new Caller(name, Token.VALID, roles, scope, token);
        }

        boolean isAdminOfPathPlatform() {
            return roles.contains("PLATFORM_ADMIN") && scope == Scope.PATH_PLATFORM;
        }
    }

    @FunctionalInterface
    private interface TokenFactory {
        String token(String pathPlatform, String otherPlatform);
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final LocalTokenIssuer ANOTHER_KEY = LocalTokenIssuer.temporary();
    private static final Duration VALID = Duration.ofHours(1);
    private static final String ADMIN_SUB = "admin-1";

    private static final Caller OTHER_ADMIN = Caller.valid("admin of another platform", Set.of("PLATFORM_ADMIN"),
            Scope.OTHER_PLATFORM, (p, o) -> TOKENS.platformAdmin("admin-2", o));
    private static final Caller AUDITOR = Caller.valid("AUDITOR", Set.of("AUDITOR"), Scope.NONE,
            (p, o) -> TOKENS.auditor("auditor-1"));
    private static final Caller ADMIN = Caller.valid("admin of the platform", Set.of("PLATFORM_ADMIN"),
            Scope.PATH_PLATFORM, (p, o) -> TOKENS.platformAdmin(ADMIN_SUB, p));

    private static final List<Caller> CALLERS = List.of(
            new Caller("no token", Token.NONE, Set.of(), Scope.NONE, (p, o) -> null),
            Caller.invalid("expired admin of the platform",
                    (p, o) -> TOKENS.mint(ADMIN_SUB, p, List.of("PLATFORM_ADMIN"), Duration.ofMinutes(-10))),
            Caller.invalid("admin of the platform signed by another key",
                    (p, o) -> ANOTHER_KEY.platformAdmin(ADMIN_SUB, p)),
            Caller.invalid("admin of the platform from another issuer", (p, o) -> TOKENS.sign(new JWTClaimsSet.Builder()
                    .issuer("https://evil.example").subject(ADMIN_SUB).claim("roles", List.of("PLATFORM_ADMIN"))
                    .claim("platform_id", p).expirationTime(Date.from(Instant.now().plus(VALID))).build())),
            OTHER_ADMIN,
            Caller.valid("admin of another platform who is also an auditor", Set.of("PLATFORM_ADMIN", "AUDITOR"),
                    Scope.OTHER_PLATFORM, (p, o) -> TOKENS.mint("admin-3", o, List.of("PLATFORM_ADMIN", "AUDITOR"), VALID)),
            Caller.valid("CSM", Set.of("CSM"), Scope.NONE, (p, o) -> TOKENS.csm("csm-1")),
            AUDITOR,
            Caller.valid("SERVICE", Set.of("SERVICE"), Scope.NONE, (p, o) -> TOKENS.service("some-back-end", VALID)),
            Caller.valid("CSM and SERVICE, scoped to the platform", Set.of("CSM", "SERVICE"), Scope.PATH_PLATFORM,
                    (p, o) -> TOKENS.mint("csm-service", p, List.of("CSM", "SERVICE"), VALID)),
            Caller.valid("unknown role names, scoped to the platform", Set.of("ROOT", "platform_admin"),
                    Scope.PATH_PLATFORM, (p, o) -> TOKENS.mint("root", p, List.of("ROOT", "platform_admin"), VALID)),
            ADMIN);

    @Autowired
    ApplicationContext context;

    private final String platform = newPlatform();
    private final String otherPlatform = newPlatform();
    private final Map<Caller, String> tokens = new HashMap<>();
    private String admin;
    private ServiceState state;

    @BeforeAll
    void mintTokens() {
        CALLERS.forEach(caller -> tokens.put(caller, caller.token().token(platform, otherPlatform)));
        admin = tokens.get(ADMIN);
        // the user directory accepts this platform's calls with exactly the admin's token
        USER_QUERY.expectAdminToken(platform, admin);
        state = new ServiceState(context);
    }

    @AfterAll
    void closeState() {
        state.close();
    }

    /** 200 stands for "let through". A bad token is refused even where none is needed. */
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
            case ADMIN_OF_PATH_PLATFORM -> caller.isAdminOfPathPlatform();
            case ADMIN_OF_PATH_PLATFORM_OR_AUDITOR -> caller.isAdminOfPathPlatform() || caller.roles().contains("AUDITOR");
        };
        return allowed ? 200 : 403;
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSaysAndRefusedCallsChangeNothing() {
        UUID target = reviewedRequest();
        UUID barrier = reviewedRequest();
        try {
            Map<TopicPartition, Long> topicsBefore = state.quiet();
            Map<String, String> tablesBefore = state.tables();
            SoftAssertions softly = new SoftAssertions();
            int calls = 0;
            for (Endpoint endpoint : ENDPOINTS) {
                for (Caller caller : CALLERS) {
                    int expected = expectedStatus(endpoint.rule(), caller);
                    if (expected == 200 && endpoint.writes()) {
                        continue; // the rightful caller's writes: rightfulCallersWritesGoThrough
                    }
                    Response r = call(endpoint, platform, target, tokens.get(caller));
                    calls++;
                    String row = endpoint.route() + " as " + caller.name() + ": " + r.raw();
                    switch (expected) {
                        case 401 -> assertProblem(softly, row, r, 401, "unauthenticated");
                        case 403 -> assertProblem(softly, row, r, 403, "forbidden");
                        default -> {
                            if (endpoint.success() == 0) {
                                softly.assertThat(r.status()).as(row).isNotIn(401, 403).isLessThan(500);
                            } else {
                                softly.assertThat(r.status()).as(row).isEqualTo(endpoint.success());
                            }
                        }
                    }
                }
            }
            softly.assertAll();
            assertThat(calls).isGreaterThan(ENDPOINTS.size() * (CALLERS.size() - 1));
            assertThat(state.tables()).as("every table of the database").isEqualTo(tablesBefore);

            Response confirmed = call(HttpMethod.POST, request(platform, barrier) + "/confirmation",
                    Map.of("typedCount", 1), bearer(admin));
            assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
            assertThat(ServiceState.requestsOf(state.publishedSince(topicsBefore, barrier, 1)))
                    .as("requests with events published since the calls began").containsExactly(barrier);
        } finally {
            state.resumeOutcomes();
        }
        assertThat(getRequest(platform, target).body().get("state").asString()).isEqualTo("REVIEWED");
    }

    @Test
    void theRightfulCallersWritesGoThroughAndAreAttributedToItsSub() {
        for (Endpoint endpoint : ENDPOINTS) {
            if (!endpoint.writes()) {
                continue;
            }
            for (Caller caller : CALLERS) {
                if (expectedStatus(endpoint.rule(), caller) != 200) {
                    continue;
                }
                UUID fresh = reviewedRequest();
                Response r = call(endpoint, platform, fresh, tokens.get(caller));
                assertThat(r.status()).as(endpoint.route() + " as " + caller.name() + ": " + r.raw())
                        .isEqualTo(endpoint.success());
                if (endpoint.route().equals("POST " + REQUESTS)) {
                    assertThat(r.body().get("createdBy").asString()).isEqualTo(ADMIN_SUB);
                }
                if (endpoint.route().endsWith("/confirmation")) {
                    assertThat(r.body().get("confirmedBy").asString()).isEqualTo(ADMIN_SUB);
                }
            }
        }
    }

    @Test
    void anAdminOfAnotherPlatformGetsTheSameAnswerWhetherThePlatformOrRequestExistsOrNot() {
        UUID existing = reviewedRequest();
        String outsider = tokens.get(OTHER_ADMIN);
        for (Endpoint endpoint : ENDPOINTS) {
            if (!endpoint.isPlatformScoped()) {
                continue;
            }
            Response real = call(endpoint, platform, existing, outsider);
            Response missingRequest = call(endpoint, platform, UUID.randomUUID(), outsider);
            Response missingPlatform = call(endpoint, newPlatform(), UUID.randomUUID(), outsider);
            assertProblem(real, 403, "forbidden");
            assertThat(missingRequest.raw()).as(endpoint.route()).isEqualTo(real.raw());
            assertThat(missingPlatform.raw()).as(endpoint.route()).isEqualTo(real.raw());
        }
    }

    @Test
    void throughItsOwnPlatformACallerGets404ForAnotherPlatformsRequestAsForOneThatNeverExisted() {
        UUID elsewhere = reviewedRequest();
        String otherAdmin = tokens.get(OTHER_ADMIN);
        String auditor = tokens.get(AUDITOR);
        for (Endpoint endpoint : ENDPOINTS) {
            if (!endpoint.mapping().contains("{requestId}")) {
                continue;
            }
            Response foreign = call(endpoint, otherPlatform, elsewhere, otherAdmin);
            Response never = call(endpoint, otherPlatform, UUID.randomUUID(), otherAdmin);
            assertProblem(foreign, 404, "not-found");
            assertThat(never.status()).as(endpoint.route()).isEqualTo(404);
            assertThat(foreign.body().get("detail").asString()).doesNotContain(platform);
        }
        assertProblem(call(HttpMethod.GET, request(otherPlatform, elsewhere), null, bearer(auditor)), 404, "not-found");
        assertThat(getRequest(platform, elsewhere).body().get("state").asString()).isEqualTo("REVIEWED");
    }

    @Test
    void anAuditorReadsRequestsOfAnyPlatformWithoutEmailsAndNothingElse() {
        String auditor = tokens.get(AUDITOR);
        UUID filtered = createAsAdmin();
        assertThat(call(HttpMethod.PUT, request(platform, filtered) + "/selection", Map.of("mode", "FILTER",
                "filter", Map.of("email", "ann@example.com", "roles", List.of("MENTEE"))), bearer(admin)).status())
                .isEqualTo(200);

        Response one = call(HttpMethod.GET, request(platform, filtered), null, bearer(auditor));
        assertThat(one.status()).as(one.raw()).isEqualTo(200);
        JsonNode filter = one.body().get("selection").get("filter");
        assertThat(filter.get("email").isNull()).isTrue();
        assertThat(filter.get("emailWithheld").asBoolean()).isTrue();
        assertThat(filter.get("roles").get(0).asString()).isEqualTo("MENTEE");
        assertThat(one.raw()).doesNotContain("@example.com");
        Response list = call(HttpMethod.GET, requests(platform), null, bearer(auditor));
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        assertThat(list.body().findValuesAsString("requestId")).contains(filtered.toString());
        assertThat(list.raw()).doesNotContain("@");

        // the platform's admin sees what it typed
        JsonNode asAdmin = call(HttpMethod.GET, request(platform, filtered), null, bearer(admin)).body();
        assertThat(asAdmin.get("selection").get("filter").get("email").asString()).isEqualTo("ann@example.com");
        assertThat(asAdmin.get("selection").get("filter").has("emailWithheld")).isFalse();
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

    @Test
    void eachRoleAloneIsACaller() {
        Set<Set<String>> single = CALLERS.stream().filter(c -> c.kind() == Token.VALID).map(Caller::roles)
                .filter(roles -> roles.size() == 1).collect(Collectors.toSet());
        assertThat(single).containsAll(Arrays.stream(ApiRole.values()).map(role -> Set.of(role.name())).toList());
    }

    private static Set<String> routes(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        List<String> names = methods.isEmpty() ? List.of("*") : methods.stream().map(Enum::name).toList();
        return info.getPatternValues().stream()
                .flatMap(pattern -> names.stream().map(method -> method + " " + pattern))
                .collect(Collectors.toSet());
    }

    /**
     * Sent with the JDK's client: the test template's (Jetty) client aborts a request with a body when a 401
     * arrives before it has sent all of it, which is exactly what a refused call may get.
     */
    private Response call(Endpoint endpoint, String pathPlatform, UUID requestId, String token) {
        String path = endpoint.path().replace("{platformId}", pathPlatform).replace("{requestId}", requestId.toString());
        String body = endpoint.body() == null ? null : endpoint.body().replace("{userId}", UUID.randomUUID().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                .method(endpoint.method() == null ? "GET" : endpoint.method().name(), body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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
            return new Response(response.statusCode(), headers, response.body(),
                    type != null && type.getSubtype().endsWith("json") ? JSON.readTree(response.body()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private UUID createAsAdmin() {
        Response created = call(HttpMethod.POST, requests(platform), null, bearer(admin));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.body().get("requestId").asString());
    }

    /** A REVIEWED request of one member of the platform, made by its admin. */
    private UUID reviewedRequest() {
        UUID requestId = createAsAdmin();
        Response selected = call(HttpMethod.PUT, request(platform, requestId) + "/selection",
                Map.of("mode", "USERS", "userIds", List.of(USER_QUERY.addMember(platform).toString())), bearer(admin));
        assertThat(selected.status()).as(selected.raw()).isEqualTo(200);
        Response reviewed = call(HttpMethod.POST, request(platform, requestId) + "/review", null, bearer(admin));
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(1);
        return requestId;
    }

    private static void assertProblem(SoftAssertions softly, String row, Response r, int status, String slug) {
        softly.assertThat(r.status()).as(row).isEqualTo(status);
        softly.assertThat(r.contentType()).as(row).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "is problem+json");
        softly.assertThat(r.body() == null ? null : r.body().get("type").asString()).as(row).endsWith("/" + slug);
    }
}
