package dev.userdeletion.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class ApiSecurityIT {

    static final LocalTokenIssuer TOKENS = LocalTokenIssuer.temporary();
    /** The test application plays user-query-service: people's tokens name it, back ends' tokens for others do not. */
    static final String AUDIENCE = LocalTokenIssuer.USER_QUERY_SERVICE;

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TOKENS.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add(ApiSecurityAutoConfiguration.AUDIENCES_PROPERTY, () -> AUDIENCE);
    }

    @Autowired
    TestRestTemplate http;

    private Response get(String path, String token) {
        return new ApiCalls(http).json(HttpMethod.GET, path, null,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void anAdminReadsItsOwnPlatformAndTheCallerIdIsTheTokensSubject() {
        Response ok = get("/api/platforms/acme/things", TOKENS.platformAdmin("admin-1", "acme"));
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.body().get("caller").asString()).isEqualTo("admin-1");
    }

    @Test
    void aRequestIsObservedOnceAndNotFilterByFilter(@Autowired ObservationRegistry observations) {
        List<String> started = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                started.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });

        assertThat(get("/api/platforms/acme/things", TOKENS.platformAdmin("admin-1", "acme")).status()).isEqualTo(200);

        assertThat(started).contains("http.server.requests").noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void anAdminOfAnotherPlatformIsForbidden() {
        Response.assertProblem(get("/api/platforms/acme/things", TOKENS.platformAdmin("admin-2", "globex")), 403, "forbidden");
        Response.assertProblem(get("/api/platforms/%61cme/things", TOKENS.platformAdmin("admin-2", "globex")), 403, "forbidden");
    }

    @Test
    void otherRolesAreForbiddenOnPlatformRoutesAndAdminsOnBackOfficeRoutes() {
        for (String role : List.of("CSM", "AUDITOR", "SERVICE")) {
            Response.assertProblem(get("/api/platforms/acme/things",
                    TOKENS.mint("x", "acme", List.of(role), Duration.ofMinutes(5))), 403, "forbidden");
        }
        Response.assertProblem(get("/api/back-office", TOKENS.platformAdmin("admin-1", "acme")), 403, "forbidden");
        assertThat(get("/api/back-office", TOKENS.csm("csm-1")).status()).isEqualTo(200);
    }

    @Test
    void missingExpiredForeignAndForgedTokensAreUnauthenticated() {
        Response none = get("/api/platforms/acme/things", null);
        Response.assertProblem(none, 401, "unauthenticated");
        assertThat(none.headers().getFirst("WWW-Authenticate")).isEqualTo("Bearer");

        Response expired = get("/api/platforms/acme/things",
                TOKENS.mint("admin-1", "acme", List.of("PLATFORM_ADMIN"), Duration.ofMinutes(-10)));
        Response.assertProblem(expired, 401, "unauthenticated");
        assertThat(expired.headers().getFirst("WWW-Authenticate")).contains("invalid_token");

        Response.assertProblem(get("/api/platforms/acme/things",
                LocalTokenIssuer.temporary().platformAdmin("admin-1", "acme")), 401, "unauthenticated");
        Response.assertProblem(get("/api/platforms/acme/things", "not.a.jwt"), 401, "unauthenticated");
        Response.assertProblem(get("/api/platforms/acme/things", signed(claims("admin-1").issuer("https://evil.example"))),
                401, "unauthenticated");
    }

    @Test
    void tokensForAnotherServiceOrForNoServiceAreUnauthenticated() {
        // a back end's token for membership-service is refused here, even with a role this route admits
        Response forMembership = get("/api/back-office",
                TOKENS.service("a-back-end", LocalTokenIssuer.MEMBERSHIP_SERVICE, Duration.ofMinutes(5)));
        Response.assertProblem(forMembership, 401, "unauthenticated");
        assertThat(forMembership.headers().getFirst("WWW-Authenticate")).contains("invalid_token");
        Response.assertProblem(get("/api/platforms/acme/things", TOKENS.mint("admin-1", "acme", List.of("PLATFORM_ADMIN"),
                List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE, LocalTokenIssuer.NOTIFICATION_SERVICE), Duration.ofMinutes(5))),
                401, "unauthenticated");
        Response.assertProblem(get("/api/back-office", signed(claims("svc").audience((List<String>) null)
                .claim("roles", List.of("SERVICE")))), 401, "unauthenticated");
        Response.assertProblem(get("/api/back-office", signed(claims("svc").audience("user-query-service-evil")
                .claim("roles", List.of("SERVICE")))), 401, "unauthenticated");

        // the same tokens for this service get through; so does a person's token, which names every service
        assertThat(get("/api/back-office", TOKENS.service("a-back-end", AUDIENCE, Duration.ofMinutes(5))).status())
                .isEqualTo(200);
        assertThat(get("/api/back-office", signed(claims("svc").audience(List.of("elsewhere", AUDIENCE))
                .claim("roles", List.of("SERVICE")))).status()).isEqualTo(200);
        assertThat(get("/api/platforms/acme/things", TOKENS.platformAdmin("admin-1", "acme")).status()).isEqualTo(200);
    }

    @Test
    void tokensWithBadClaimsAreRefused() {
        // an email as sub would leak into audit events and logs; a CR/LF could forge log lines
        Response.assertProblem(get("/api/platforms/acme/things", signed(claims("ann@example.com"))), 401, "unauthenticated");
        Response.assertProblem(get("/api/platforms/acme/things", signed(claims("a\r\nFAKE LOG"))), 401, "unauthenticated");
        // roles as a space-separated string instead of a list
        Response.assertProblem(get("/api/back-office", signed(claims("svc").claim("roles", "SERVICE CSM"))),
                401, "unauthenticated");
        // an admin token without a platform, or with a platform that is no platform id
        Response.assertProblem(get("/api/platforms/acme/things", signed(claims("admin-1").claim("platform_id", null))),
                401, "unauthenticated");
        Response.assertProblem(get("/api/platforms/acme/things", signed(claims("admin-1").claim("platform_id", "ACME/../x"))),
                401, "unauthenticated");
        // unknown role names grant nothing
        Response.assertProblem(get("/api/back-office", signed(claims("svc").claim("roles", List.of("ROOT")))),
                403, "forbidden");
    }

    @Test
    void unlistedRoutesAreClosedAndHealthIsOpen() {
        Response.assertProblem(get("/api/unlisted", TOKENS.mint("svc", null, List.of("SERVICE", "CSM"), Duration.ofMinutes(5))),
                403, "forbidden");
        Response.assertProblem(get("/actuator/metrics", TOKENS.platformAdmin("admin-1", "acme")), 403, "forbidden");
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void urlsTheFirewallRefusesGetAProblemDetail() {
        String admin = TOKENS.platformAdmin("admin-1", "acme");
        Response.assertProblem(get("/api/platforms/acme/things;x=1", admin), 400, "invalid-request"); // Spring's firewall
        Response.assertProblem(get("/api/platforms/acme/..%2Fthings", admin), 400, "invalid-request"); // Tomcat itself
    }

    private static JWTClaimsSet.Builder claims(String sub) {
        return new JWTClaimsSet.Builder().issuer(LocalTokenIssuer.ISSUER).subject(sub).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("roles", List.of("PLATFORM_ADMIN")).claim("platform_id", "acme");
    }

    private static String signed(JWTClaimsSet.Builder claims) {
        return TOKENS.sign(claims.build());
    }
}
