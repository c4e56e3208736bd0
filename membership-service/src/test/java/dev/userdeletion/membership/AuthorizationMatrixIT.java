package dev.userdeletion.membership;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;

/**
 * The authorisation table of membership-service, called for real: every endpoint (each row of
 * {@link #ENDPOINTS}) with every kind of caller (each of {@link #CALLERS}).
 *
 * <pre>
 * PUT    /api/platforms/{platformId}                      PLATFORM_PROVISIONER (sets the CSM and admin mail addresses)
 * GET    /api/platforms/{platformId}                      SERVICE, PLATFORM_PROVISIONER, CSM, PLATFORM_ADMIN whose
 *                                                         platform_id is {platformId}
 * POST   /api/platforms/{platformId}/members              SERVICE
 * DELETE /api/platforms/{platformId}/members/{userId}     CSM
 * PUT    /api/platforms/{platformId}/access-list/{email}  SERVICE
 * DELETE /api/platforms/{platformId}/access-list/{email}  SERVICE
 * GET    /api/platforms/{platformId}/access-list          SERVICE, PLATFORM_ADMIN whose platform_id is {platformId}
 * POST   /api/users/{userId}/logins                       SERVICE
 * GET    /api/users/{userId}                              SERVICE, CSM
 * GET    /actuator, /actuator/info, /actuator/prometheus  SERVICE
 * GET    /actuator/health, /actuator/health/**, /v3/api-docs   anyone, no token needed
 * anything else (/v3/api-docs.yaml, /error called directly)     no one
 * </pre>
 *
 * AUDITOR gets nothing here. No token, an expired token, a token signed by another key, from another
 * issuer, for the other services' audiences only or without an audience: 401. A valid token without the
 * right: 403 (an admin of another platform, each role alone where the table does not name it, role
 * combinations, an unknown role). The callers common to every service are {@link Callers#catalogue}.
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

    /** Data a call needs: the path's platform, another platform, a member of both, an email on neither. */
    private record Fixture(String platform, String other, String userId, String newEmail) {
    }

    /** A concrete call: the path (already encoded) and the JSON body, if any. */
    private record Call(String path, Object body) {
    }

    /**
     * One route: the method and pattern as the handler mapping has them ({@code method} null: any method),
     * whom it lets through, and how to call it for a fixture.
     */
    private record Endpoint(HttpMethod method, String mapping, Set<Grant> grants, Function<Fixture, Call> call)
            implements MatrixRow {

        static Endpoint api(HttpMethod method, String mapping, Set<Grant> grants, Function<Fixture, Call> call) {
            return new Endpoint(method, mapping, grants, call);
        }

        static Endpoint other(String mapping, String path, Set<Grant> grants) {
            return new Endpoint(HttpMethod.GET, mapping, grants, f -> new Call(path, null));
        }
    }

    private static final Set<Grant> NO_ONE = Set.of();

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.api(HttpMethod.PUT, "/api/platforms/{platformId}", Set.of(Grant.PLATFORM_PROVISIONER),
                    f -> new Call("/api/platforms/" + f.platform(), Map.of("name", "Renamed " + UUID.randomUUID(),
                            "csmEmail", "csm@example.com", "adminEmail", "admin@example.com"))),
            Endpoint.api(HttpMethod.GET, "/api/platforms/{platformId}",
                    Set.of(Grant.SERVICE, Grant.PLATFORM_PROVISIONER, Grant.CSM, Grant.ADMIN_OF_PATH_PLATFORM),
                    f -> new Call("/api/platforms/" + f.platform(), null)),
            Endpoint.api(HttpMethod.POST, "/api/platforms/{platformId}/members", Set.of(Grant.SERVICE),
                    f -> new Call("/api/platforms/" + f.platform() + "/members",
                            Map.of("email", f.newEmail(), "role", "MENTEE"))),
            Endpoint.api(HttpMethod.DELETE, "/api/platforms/{platformId}/members/{userId}", Set.of(Grant.CSM),
                    f -> new Call("/api/platforms/" + f.platform() + "/members/" + f.userId(), null)),
            Endpoint.api(HttpMethod.PUT, "/api/platforms/{platformId}/access-list/{email}", Set.of(Grant.SERVICE),
                    f -> new Call("/api/platforms/" + f.platform() + "/access-list/" + f.newEmail(), null)),
            Endpoint.api(HttpMethod.DELETE, "/api/platforms/{platformId}/access-list/{email}", Set.of(Grant.SERVICE),
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

    private static final List<String> EVERY_ROLE = Arrays.stream(ApiRole.values()).map(Enum::name).toList();
    private static final List<Caller> CALLERS = Callers.catalogue(LocalTokenIssuer.MEMBERSHIP_SERVICE, EVERY_ROLE,
            Callers.valid("admin of the platform and AUDITOR", "admin-auditor", Caller.Scope.PATH_PLATFORM,
                    Callers.PLATFORM_ADMIN, Callers.AUDITOR),
            Callers.valid("SERVICE and CSM", "service-csm", Caller.Scope.NONE, Callers.SERVICE, Callers.CSM),
            Callers.UNKNOWN_ROLE);

    @Autowired
    ApplicationContext context;

    private RawHttp raw;
    private ServiceState state;
    private String marker;
    /** For the routes outside the API, which read no fixture data. */
    private Fixture notUsed;

    @BeforeAll
    void connect() {
        raw = new RawHttp(http.getRootUri());
        state = serviceState(context);
        marker = member(newPlatform(), newEmail(), "MENTEE");
        notUsed = new Fixture(newPlatform(), newPlatform(), UUID.randomUUID().toString(), newEmail());
    }

    @AfterAll
    void disconnect() {
        state.close();
    }

    private Response call(Endpoint endpoint, Caller caller, Fixture fixture) {
        Call call = endpoint.call().apply(fixture);
        return raw.call(endpoint.method(), call.path(), call.body() == null ? null : JSON.writeValueAsString(call.body()),
                caller.token(fixture.platform(), fixture.other()));
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
        state.quiesce();
        try {
            markerEvent();
            Map<TopicPartition, Long> endsBefore = state.topicEnds();
            String before = snapshot();

            SoftAssertions softly = new SoftAssertions();
            int refused = 0;
            for (Endpoint endpoint : ENDPOINTS) {
                for (Caller caller : CALLERS) {
                    Access expected = endpoint.expected(caller);
                    if (expected != Access.THROUGH) {
                        Response r = call(endpoint, caller, fixture);
                        expected.assertRefused(softly, endpoint.route() + " as " + caller.name() + ": " + r.raw(), r);
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
            state.resume();
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

    @Test
    void theCallersTheTableNamesGetThrough() {
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : CALLERS) {
                if (endpoint.expected(caller) == Access.THROUGH) {
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
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.mapping().startsWith("/api/platforms/")) {
                Response toExisting = call(endpoint, Callers.ADMIN_OF_ANOTHER_PLATFORM, existing);
                Response toMissing = call(endpoint, Callers.ADMIN_OF_ANOTHER_PLATFORM, missing);
                assertThat(toExisting.status()).as(endpoint.route()).isEqualTo(403);
                assertThat(toMissing.raw()).as(endpoint.route()).isEqualTo(toExisting.raw());
            }
        }
    }

    /**
     * The CSM's address receives the emails of users who could not be deleted: a back end with SERVICE (members,
     * logins, access lists) cannot redirect it, only the provisioning back end can.
     */
    @Test
    void onlyTheProvisionerSetsAPlatformsContactAddresses() {
        Fixture fixture = fixture();
        Map<String, String> redirect = Map.of("name", "Redirected", "csmEmail", "attacker@evil.example",
                "adminEmail", "attacker@evil.example");
        String path = "/api/platforms/" + fixture.platform();
        String before = raw.call(HttpMethod.GET, path, null, Callers.SERVICE_ALONE.token(fixture.platform(), null)).raw();

        Response asService = raw.call(HttpMethod.PUT, path, JSON.writeValueAsString(redirect),
                Callers.SERVICE_ALONE.token(fixture.platform(), null));
        Response.assertProblem(asService, 403, "forbidden");
        assertThat(raw.call(HttpMethod.GET, path, null, Callers.SERVICE_ALONE.token(fixture.platform(), null)).raw())
                .as("the platform as it was").isEqualTo(before).doesNotContain("attacker@evil.example");

        Response asProvisioner = raw.call(HttpMethod.PUT, path, JSON.writeValueAsString(redirect),
                Callers.PROVISIONER_ALONE.token(fixture.platform(), null));
        assertThat(asProvisioner.status()).as(asProvisioner.raw()).isEqualTo(200);
        assertThat(asProvisioner.body().get("csmEmail").asString()).isEqualTo("attacker@evil.example");
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
