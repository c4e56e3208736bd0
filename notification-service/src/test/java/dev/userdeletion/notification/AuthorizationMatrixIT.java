package dev.userdeletion.notification;

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
import org.springframework.http.MediaType;

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
 * No token, an expired token, a token signed by another key, from another issuer, for the other services'
 * audiences only or without an audience: 401 (even with every role).
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

    private static final Set<Grant> NO_ONE = Set.of();

    /**
     * One route: the method and pattern as the handler mapping has them ({@code method} null: any method) and a
     * concrete path to call ({@code {platformId}} and {@code {caseId}} are replaced).
     */
    private record Endpoint(HttpMethod method, String mapping, String example, Set<Grant> grants)
            implements MatrixRow {

        Endpoint(HttpMethod method, String mapping, Set<Grant> grants) {
            this(method, mapping, mapping, grants);
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(HttpMethod.GET, "/api/csm/follow-ups", Set.of(Grant.CSM)),
            new Endpoint(HttpMethod.GET, "/api/csm/follow-ups/{caseId}", Set.of(Grant.CSM)),
            new Endpoint(HttpMethod.GET, "/api/csm/follow-ups/{caseId}/emails.csv", Set.of(Grant.CSM)),
            new Endpoint(HttpMethod.GET, "/api/platforms/{platformId}/notifications", Set.of(Grant.ADMIN_OF_PATH_PLATFORM)),
            new Endpoint(HttpMethod.GET, "/actuator", Set.of(Grant.SERVICE)),
            new Endpoint(HttpMethod.GET, "/actuator/info", Set.of(Grant.SERVICE)),
            new Endpoint(HttpMethod.GET, "/actuator/prometheus", Set.of(Grant.SERVICE)),
            new Endpoint(HttpMethod.GET, "/actuator/health", Set.of(Grant.ANYONE)),
            // components are not shown, so this answers 404, but to anyone
            new Endpoint(HttpMethod.GET, "/actuator/health/**", "/actuator/health/db", Set.of(Grant.ANYONE)),
            new Endpoint(HttpMethod.GET, "/v3/api-docs", Set.of(Grant.ANYONE)),
            // the security library opens /v3/api-docs/** only: springdoc's YAML copy is closed by deny-by-default
            new Endpoint(HttpMethod.GET, "/v3/api-docs.yaml", NO_ONE),
            new Endpoint(null, "/error", NO_ONE));

    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final List<String> EVERY_ROLE = Arrays.stream(ApiRole.values()).map(Enum::name).toList();
    private static final List<Caller> CALLERS = Callers.catalogue(LocalTokenIssuer.NOTIFICATION_SERVICE, EVERY_ROLE,
            Callers.valid("every role but CSM, admin of another platform", "all-but-csm", Caller.Scope.OTHER_PLATFORM,
                    Callers.PLATFORM_ADMIN, Callers.AUDITOR, Callers.SERVICE),
            Callers.valid("CSM, AUDITOR and SERVICE scoped to the platform", "all-but-admin", Caller.Scope.PATH_PLATFORM,
                    Callers.CSM, Callers.AUDITOR, Callers.SERVICE),
            Callers.UNKNOWN_ROLE);

    @Autowired
    ApplicationContext context;

    private Platform platform;
    private Platform other;
    private String caseId;
    private RawHttp raw;
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
        raw = new RawHttp(http.getRootUri());
        state = serviceState(context);
    }

    @AfterAll
    void closeState() {
        state.close();
    }

    private Response call(Endpoint endpoint, String pathPlatform, String caseOrRandom, String token) {
        String path = endpoint.example().replace("{platformId}", pathPlatform).replace("{caseId}", caseOrRandom);
        return raw.call(endpoint.method(), path, null, token);
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSaysAndNothingChanges() {
        state.assertUnchangedBy(() -> Access.assertAnswers(ENDPOINTS, CALLERS,
                (endpoint, caller) -> call(endpoint, platform.id(), caseId, caller.token(platform.id(), other.id()))));
    }

    /** A refused caller learns nothing: the same answer for what exists and what does not. */
    @Test
    void refusedCallersGetTheSameAnswerWhetherThePlatformOrCaseExistsOrNot() {
        String random = UUID.randomUUID().toString();
        for (Endpoint endpoint : ENDPOINTS.stream().filter(e -> e.mapping().startsWith("/api/")).toList()) {
            for (Caller caller : CALLERS) {
                String token = caller.token(platform.id(), other.id());
                Response existing = call(endpoint, platform.id(), caseId, token);
                if (existing.status() == 401 || existing.status() == 403) {
                    Response missing = call(endpoint, "no-such-" + platform.id(), random,
                            caller.token("no-such-" + platform.id(), other.id()));
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

    /** A new endpoint (controller, springdoc or actuator) fails here until the table above has a row for it. */
    @Test
    void everyMappedRouteHasARow() {
        assertThat(MatrixRow.routes(ENDPOINTS)).as("rows of the matrix").isEqualTo(Routes.mapped(context));
    }

    @Test
    void eachRoleAloneIsACaller() {
        assertThat(Callers.rolesAlone(CALLERS)).containsAll(EVERY_ROLE);
    }
}
