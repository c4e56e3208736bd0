package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.security.ApiRole;
import dev.userdeletion.testsupport.Access;
import dev.userdeletion.testsupport.Caller;
import dev.userdeletion.testsupport.Callers;
import dev.userdeletion.testsupport.Grant;
import dev.userdeletion.testsupport.MatrixRow;
import dev.userdeletion.testsupport.RawHttp;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.Routes;
import dev.userdeletion.testsupport.ServiceState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
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
 * GET    /api/platforms/{platformId}/deletion-requests/{requestId}/receipt      AUDITOR
 * GET    /api/platforms/{platformId}/deletion-requests/{requestId}/receipt.csv  AUDITOR
 * GET    /actuator, /actuator/info, /actuator/prometheus                        SERVICE
 * GET    /actuator/health/**, /v3/api-docs                                      anyone, no token needed
 * anything else (/v3/api-docs.yaml, /error called directly)                     no one
 * </pre>
 *
 * CSM and SERVICE get 403 on every deletion-request endpoint. AUDITOR reads the request and the list of any
 * platform (ids and counts; a FILTER's email substring is withheld), never the items (emails) nor any write. No
 * token, an expired token, a token signed by another key, from another issuer, for the other services' audiences
 * only or without an audience: 401.
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

    private static final String REQUESTS = "/api/platforms/{platformId}/deletion-requests";
    private static final String REQUEST = REQUESTS + "/{requestId}";
    private static final Set<Grant> ADMIN_ONLY = Set.of(Grant.ADMIN_OF_PATH_PLATFORM);
    private static final Set<Grant> NO_ONE = Set.of();

    /**
     * One route: method and pattern as the handler mapping has them ({@code method} null: any), the path to call
     * ({@code {platformId}}, {@code {requestId}} replaced), a body that would change the request if let through
     * ({@code {userId}} replaced), and what the rightful caller gets ({@code success}; 0: any status below 500
     * but 401/403). {@code writes}: the rightful caller's call changes state, so it runs on a fresh request.
     */
    private record Endpoint(HttpMethod method, String mapping, String path, String body, Set<Grant> grants,
                            int success, boolean writes) implements MatrixRow {

        static Endpoint write(HttpMethod method, String mapping, String body, int success) {
            return new Endpoint(method, mapping, mapping, body, ADMIN_ONLY, success, true);
        }

        static Endpoint read(String mapping, String path, Set<Grant> grants) {
            return new Endpoint(HttpMethod.GET, mapping, path, null, grants, 200, false);
        }

        static Endpoint infrastructure(HttpMethod method, String mapping, String path, Set<Grant> grants) {
            return new Endpoint(method, mapping, path, null, grants, 0, false);
        }

        boolean isPlatformScoped() {
            return mapping.startsWith("/api/platforms/");
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.write(HttpMethod.POST, REQUESTS, null, 201),
            Endpoint.read(REQUESTS, REQUESTS + "?state=REVIEWED", Set.of(Grant.ADMIN_OF_PATH_PLATFORM, Grant.AUDITOR)),
            Endpoint.read(REQUEST, REQUEST, Set.of(Grant.ADMIN_OF_PATH_PLATFORM, Grant.AUDITOR)),
            Endpoint.write(HttpMethod.DELETE, REQUEST, null, 200),
            Endpoint.write(HttpMethod.PUT, REQUEST + "/selection", "{\"mode\": \"ALL_USERS\"}", 200),
            Endpoint.write(HttpMethod.PATCH, REQUEST + "/selection", "{\"add\": [\"{userId}\"]}", 200),
            Endpoint.write(HttpMethod.POST, REQUEST + "/review", null, 200),
            Endpoint.read(REQUEST + "/items", REQUEST + "/items?page=0&size=10", ADMIN_ONLY),
            Endpoint.write(HttpMethod.POST, REQUEST + "/confirmation",
                    "{\"typedCount\": 1, \"reviewVersion\": {reviewVersion}}", 202),
            // a receipt exists once the request has events (any answer but 401/403 for the auditor)
            new Endpoint(HttpMethod.GET, REQUEST + "/receipt", REQUEST + "/receipt", null, Set.of(Grant.AUDITOR), 0,
                    false),
            new Endpoint(HttpMethod.GET, REQUEST + "/receipt.csv", REQUEST + "/receipt.csv", null,
                    Set.of(Grant.AUDITOR), 0, false),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator", "/actuator", Set.of(Grant.SERVICE)),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/info", "/actuator/info", Set.of(Grant.SERVICE)),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/prometheus", "/actuator/prometheus", Set.of(Grant.SERVICE)),
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/health", "/actuator/health", Set.of(Grant.ANYONE)),
            // components are not shown, so this is a 404, but to anyone
            Endpoint.infrastructure(HttpMethod.GET, "/actuator/health/**", "/actuator/health/db", Set.of(Grant.ANYONE)),
            Endpoint.infrastructure(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs", Set.of(Grant.ANYONE)),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            Endpoint.infrastructure(HttpMethod.GET, "/v3/api-docs.yaml", "/v3/api-docs.yaml", NO_ONE),
            Endpoint.infrastructure(null, "/error", "/error", NO_ONE));

    private static final List<Caller> CALLERS = Callers.catalogue(LocalTokenIssuer.DELETION_ORCHESTRATOR, List.of(Callers.PLATFORM_ADMIN),
            Callers.valid("admin of another platform who is also an auditor", "admin-3", Caller.Scope.OTHER_PLATFORM,
                    Callers.PLATFORM_ADMIN, Callers.AUDITOR),
            Callers.valid("CSM and SERVICE, scoped to the platform", "csm-service", Caller.Scope.PATH_PLATFORM,
                    Callers.CSM, Callers.SERVICE),
            Callers.valid("unknown role names, scoped to the platform", "root", Caller.Scope.PATH_PLATFORM,
                    "ROOT", "platform_admin"));

    @Autowired
    ApplicationContext context;

    private final String platform = newPlatform();
    private final String otherPlatform = newPlatform();
    private final Map<Caller, String> tokens = new HashMap<>();
    private String admin;
    private RawHttp raw;
    private ServiceState state;

    @BeforeAll
    void mintTokens() {
        CALLERS.forEach(caller -> tokens.put(caller, caller.token(platform, otherPlatform)));
        admin = tokens.get(Callers.ADMIN_OF_THE_PLATFORM);
        // the user directory accepts this platform's calls with exactly the admin's token
        USER_QUERY.expectAdminToken(platform, admin);
        raw = new RawHttp(http.getRootUri());
        state = serviceState(context);
    }

    @AfterAll
    void closeState() {
        state.close();
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSaysAndRefusedCallsChangeNothing() {
        UUID target = reviewedRequest();
        UUID barrier = reviewedRequest();
        try {
            state.quiesce();
            Map<TopicPartition, Long> topicsBefore = state.topicEnds();
            Map<String, String> tablesBefore = state.tables();
            SoftAssertions softly = new SoftAssertions();
            int calls = 0;
            for (Endpoint endpoint : ENDPOINTS) {
                for (Caller caller : CALLERS) {
                    Access expected = endpoint.expected(caller);
                    if (expected == Access.THROUGH && endpoint.writes()) {
                        continue; // the rightful caller's writes: rightfulCallersWritesGoThrough
                    }
                    Response r = call(endpoint, platform, target, tokens.get(caller));
                    calls++;
                    String row = endpoint.route() + " as " + caller.name() + ": " + r.raw();
                    if (expected == Access.THROUGH && endpoint.success() != 0) {
                        softly.assertThat(r.status()).as(row).isEqualTo(endpoint.success());
                    } else {
                        expected.assertAnswered(softly, row, r, 500);
                    }
                }
            }
            softly.assertAll();
            assertThat(calls).isGreaterThan(ENDPOINTS.size() * (CALLERS.size() - 1));
            assertThat(state.tables()).as("every table of the database").isEqualTo(tablesBefore);

            Response confirmed = call(HttpMethod.POST, request(platform, barrier) + "/confirmation",
                    Map.of("typedCount", 1, "reviewVersion", reviewVersionOf(barrier)), bearer(admin));
            assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
            assertThat(KafkaEvents.requestsOf(kafka().publishedSince(state, topicsBefore, barrier, 1)))
                    .as("requests with events published since the calls began").containsExactly(barrier);
        } finally {
            state.resume();
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
                if (endpoint.expected(caller) != Access.THROUGH) {
                    continue;
                }
                UUID fresh = reviewedRequest();
                Response r = call(endpoint, platform, fresh, tokens.get(caller));
                assertThat(r.status()).as(endpoint.route() + " as " + caller.name() + ": " + r.raw())
                        .isEqualTo(endpoint.success());
                if (endpoint.route().equals("POST " + REQUESTS)) {
                    assertThat(r.body().get("createdBy").asString()).isEqualTo(Callers.ADMIN_SUBJECT);
                }
                if (endpoint.route().endsWith("/confirmation")) {
                    assertThat(r.body().get("confirmedBy").asString()).isEqualTo(Callers.ADMIN_SUBJECT);
                }
            }
        }
    }

    @Test
    void anAdminOfAnotherPlatformGetsTheSameAnswerWhetherThePlatformOrRequestExistsOrNot() {
        UUID existing = reviewedRequest();
        String outsider = tokens.get(Callers.ADMIN_OF_ANOTHER_PLATFORM);
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
        String otherAdmin = tokens.get(Callers.ADMIN_OF_ANOTHER_PLATFORM);
        String auditor = tokens.get(Callers.AUDITOR_ALONE);
        for (Endpoint endpoint : ENDPOINTS) {
            if (!endpoint.mapping().contains("{requestId}") || !endpoint.grants().contains(Grant.ADMIN_OF_PATH_PLATFORM)) {
                continue;
            }
            Response foreign = call(endpoint, otherPlatform, elsewhere, otherAdmin);
            Response never = call(endpoint, otherPlatform, UUID.randomUUID(), otherAdmin);
            assertProblem(foreign, 404, "not-found");
            assertThat(never.status()).as(endpoint.route()).isEqualTo(404);
            assertThat(foreign.body().get("detail").asString()).doesNotContain(platform);
        }
        assertProblem(call(HttpMethod.GET, request(otherPlatform, elsewhere), null, bearer(auditor)), 404, "not-found");
        assertProblem(call(HttpMethod.GET, request(otherPlatform, elsewhere) + "/receipt", null, bearer(auditor)), 404,
                "not-found");
        assertThat(getRequest(platform, elsewhere).body().get("state").asString()).isEqualTo("REVIEWED");
    }

    @Test
    void anAuditorReadsRequestsOfAnyPlatformWithoutEmailsAndNothingElse() {
        String auditor = tokens.get(Callers.AUDITOR_ALONE);
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
        assertThat(MatrixRow.routes(ENDPOINTS)).as("rows of the matrix").isEqualTo(Routes.mapped(context));
    }

    @Test
    void eachRoleAloneIsACaller() {
        assertThat(Callers.rolesAlone(CALLERS)).containsAll(Arrays.stream(ApiRole.values()).map(Enum::name).toList());
    }

    private Response call(Endpoint endpoint, String pathPlatform, UUID requestId, String token) {
        String path = endpoint.path().replace("{platformId}", pathPlatform).replace("{requestId}", requestId.toString());
        String body = endpoint.body() == null ? null : endpoint.body().replace("{userId}", UUID.randomUUID().toString())
                .replace("{reviewVersion}", String.valueOf(reviewVersionOf(requestId)));
        return raw.call(endpoint.method(), path, body, token);
    }

    private UUID createAsAdmin() {
        Response created = call(HttpMethod.POST, requests(platform), null, bearer(admin));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.body().get("requestId").asString());
    }

    /** A REVIEWED request of one member of the platform, made by its admin. */
    /** Read from the database: the request may not exist on the path's platform (the calls of other platforms). */
    private int reviewVersionOf(UUID requestId) {
        Integer version = jdbc.query("SELECT review_version FROM deletion_request WHERE id = ?",
                rs -> rs.next() ? (Integer) rs.getObject(1) : null, requestId);
        return version == null ? 1 : version;
    }

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
}
