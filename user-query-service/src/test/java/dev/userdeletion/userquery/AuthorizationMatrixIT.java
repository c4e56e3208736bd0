package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.security.ApiRole;
import dev.userdeletion.testsupport.Access;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Caller;
import dev.userdeletion.testsupport.Callers;
import dev.userdeletion.testsupport.Grant;
import dev.userdeletion.testsupport.MatrixRow;
import dev.userdeletion.testsupport.RawHttp;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.Routes;
import dev.userdeletion.testsupport.ServiceState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;

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
 * No token, an expired token, a token signed by another key, from another issuer, for the other services'
 * audiences only or without an audience: 401. A valid token
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

    private static final Set<Grant> NO_ONE = Set.of();

    /**
     * One route: the method and pattern as the handler mapping has them ({@code method} null: any method),
     * a concrete path to call ({@code {platformId}} is replaced) and a body for POST ({@code {userId}} is replaced).
     */
    private record Endpoint(HttpMethod method, String mapping, String example, String body, Set<Grant> grants)
            implements MatrixRow {

        static Endpoint platform(HttpMethod method, String mapping, String body) {
            return new Endpoint(method, mapping, mapping, body, Set.of(Grant.ADMIN_OF_PATH_PLATFORM));
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.platform(HttpMethod.GET, "/api/platforms/{platformId}/users", null),
            Endpoint.platform(HttpMethod.GET, "/api/platforms/{platformId}/users/count", null),
            Endpoint.platform(HttpMethod.GET, "/api/platforms/{platformId}/user-ids", null),
            Endpoint.platform(HttpMethod.POST, "/api/platforms/{platformId}/users/lookup", "{\"userIds\": [\"{userId}\"]}"),
            new Endpoint(HttpMethod.GET, "/actuator", "/actuator", null, Set.of(Grant.SERVICE)),
            new Endpoint(HttpMethod.GET, "/actuator/info", "/actuator/info", null, Set.of(Grant.SERVICE)),
            new Endpoint(HttpMethod.GET, "/actuator/prometheus", "/actuator/prometheus", null, Set.of(Grant.SERVICE)),
            new Endpoint(HttpMethod.GET, "/actuator/health", "/actuator/health", null, Set.of(Grant.ANYONE)),
            // components are not shown, so this answers 404, but to anyone
            new Endpoint(HttpMethod.GET, "/actuator/health/**", "/actuator/health/db", null, Set.of(Grant.ANYONE)),
            new Endpoint(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs", null, Set.of(Grant.ANYONE)),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            new Endpoint(HttpMethod.GET, "/v3/api-docs.yaml", "/v3/api-docs.yaml", null, NO_ONE),
            new Endpoint(null, "/error", "/error", null, NO_ONE));

    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final List<Caller> CALLERS = Callers.catalogue(LocalTokenIssuer.USER_QUERY_SERVICE, List.of(Callers.PLATFORM_ADMIN),
            Callers.valid("every other role, scoped to the platform", "all-but-admin", Caller.Scope.PATH_PLATFORM,
                    Callers.CSM, Callers.AUDITOR, Callers.SERVICE),
            Callers.UNKNOWN_ROLE);

    @Autowired
    ApplicationContext context;

    private final String platform = newPlatform();
    private final String other = newPlatform();
    private UUID ann;
    private UUID olga;
    private RawHttp raw;
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
        raw = new RawHttp(http.getRootUri());
        state = serviceState(context);
    }

    @AfterAll
    void closeState() {
        state.close();
    }

    private Response call(Endpoint endpoint, String pathPlatform, String token) {
        String path = endpoint.example().replace("{platformId}", pathPlatform);
        String body = endpoint.body() == null ? null : endpoint.body().replace("{userId}", ann.toString());
        return raw.call(endpoint.method(), path, body, token);
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSaysAndNothingChanges() {
        state.assertUnchangedBy(() -> Access.assertAnswers(ENDPOINTS, CALLERS,
                (endpoint, caller) -> call(endpoint, platform, caller.token(platform, other))));
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
            if (endpoint.grants().contains(Grant.ADMIN_OF_PATH_PLATFORM)) {
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
        assertThat(MatrixRow.routes(ENDPOINTS)).as("rows of the matrix").isEqualTo(Routes.mapped(context));
    }

    @Test
    void eachRoleAloneIsACaller() {
        assertThat(Callers.rolesAlone(CALLERS)).containsAll(Arrays.stream(ApiRole.values()).map(Enum::name).toList());
    }
}
