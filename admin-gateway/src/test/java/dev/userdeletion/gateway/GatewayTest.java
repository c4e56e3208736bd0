package dev.userdeletion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway in its local profile in front of four recording stand-ins for the services: routing, what is and is
 * not sent on, sign-in and sign-out, session lifetime, CSRF, the browser-facing headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class GatewayTest {

    static final Upstream MEMBERSHIP = Upstream.start();
    static final Upstream USER_QUERY = Upstream.start();
    static final Upstream ORCHESTRATOR = Upstream.start();
    static final Upstream NOTIFICATION = Upstream.start();
    static final Path KEYS = tempDir();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("gateway.services.membership", () -> MEMBERSHIP.uri().toString());
        registry.add("gateway.services.user-query", () -> USER_QUERY.uri().toString());
        registry.add("gateway.services.orchestrator", () -> ORCHESTRATOR.uri().toString());
        registry.add("gateway.services.notification", () -> NOTIFICATION.uri().toString());
        registry.add("gateway.local-sign-in.key-dir", KEYS::toString);
        registry.add("gateway.local-sign-in.platforms", () -> "acme-academy,globex-mentoring");
        registry.add("gateway.session.max-age", () -> "1h");
    }

    /** The clock session lifetimes are measured with: moved forward instead of waited for. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-01T09:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    Browserless browser;

    @BeforeEach
    void freshBrowser() {
        browser = new Browserless("http://localhost:" + port);
        for (Upstream u : new Upstream[]{MEMBERSHIP, USER_QUERY, ORCHESTRATOR, NOTIFICATION}) {
            u.reset();
        }
    }

    @AfterAll
    static void stop() {
        for (Upstream u : new Upstream[]{MEMBERSHIP, USER_QUERY, ORCHESTRATOR, NOTIFICATION}) {
            u.close();
        }
    }

    @Test
    void eachApiPathReachesItsServiceWithTheSessionTokenAndNeverTheBrowsersCredentials() throws Exception {
        browser.signIn("admin:acme-academy");

        HttpResponse<String> list = browser.get("/api/platforms/acme-academy/users?role=MENTOR&role=MENTEE&email=a%2Bb%25&page=1",
                "Authorization", "Bearer forged-by-the-browser", "Cookie", "tracking=1");
        assertThat(list.statusCode()).isEqualTo(200);
        Upstream.Received received = USER_QUERY.last();
        assertThat(received.path()).isEqualTo("/api/platforms/acme-academy/users");
        // parameters as sent: repeated ones in their order, encoded characters still encoded
        assertThat(received.rawQuery().split("&"))
                .containsExactlyInAnyOrder("role=MENTOR", "role=MENTEE", "email=a%2Bb%25", "page=1");
        assertThat(received.rawQuery()).contains("role=MENTOR&role=MENTEE");
        assertThat(received.header("Cookie")).isNull();
        String bearer = received.header("Authorization");
        assertThat(bearer).startsWith("Bearer ").doesNotContain("forged");
        JWTClaimsSet claims = JWTParser.parse(bearer.substring(7)).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("admin-acme-academy");
        assertThat(claims.getStringClaim("platform_id")).isEqualTo("acme-academy");
        assertThat(claims.getStringListClaim("roles")).containsExactly("PLATFORM_ADMIN");

        browser.get("/api/platforms/acme-academy/users/count?role=MENTEE");
        assertThat(USER_QUERY.last().path()).isEqualTo("/api/platforms/acme-academy/users/count");

        String id = "5f0c4a8e-8a34-4d39-9a3f-1b2c3d4e5f60";
        browser.write("PATCH", "/api/platforms/acme-academy/deletion-requests/" + id + "/selection",
                "{\"add\":[\"" + id + "\"],\"remove\":[]}", "If-Match", "\"7\"");
        Upstream.Received patch = ORCHESTRATOR.last();
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo("/api/platforms/acme-academy/deletion-requests/" + id + "/selection");
        assertThat(patch.body()).isEqualTo("{\"add\":[\"" + id + "\"],\"remove\":[]}");
        assertThat(patch.header("If-Match")).isEqualTo("\"7\"");
        assertThat(patch.header("Cookie")).isNull();
        assertThat(patch.header("Authorization")).isEqualTo(bearer);

        browser.write("POST", "/api/platforms/acme-academy/deletion-requests", null, "Idempotency-Key", "k-1");
        assertThat(ORCHESTRATOR.last().header("Idempotency-Key")).isEqualTo("k-1");
        browser.get("/api/platforms/acme-academy/deletion-requests?state=DRAFT");
        assertThat(ORCHESTRATOR.last().rawQuery()).isEqualTo("state=DRAFT");

        browser.get("/api/platforms/acme-academy/notifications");
        assertThat(NOTIFICATION.last().path()).isEqualTo("/api/platforms/acme-academy/notifications");

        browser.get("/api/platforms/acme-academy");
        assertThat(MEMBERSHIP.last().path()).isEqualTo("/api/platforms/acme-academy");
    }

    @Test
    void theCsmReachesTheFollowUpsTheCsvAndTheMembershipRemoval() {
        browser.signIn("csm");
        NOTIFICATION.answer(200, "text/csv", "email\nada@example.com\n");
        HttpResponse<String> csv = browser.get("/api/csm/follow-ups/0e7d1c4b-1111-4d39-9a3f-1b2c3d4e5f60/emails.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).isEqualTo("email\nada@example.com\n");
        browser.get("/api/csm/follow-ups?state=OPEN&platformId=acme-academy");
        assertThat(NOTIFICATION.last().rawQuery()).isEqualTo("state=OPEN&platformId=acme-academy");

        MEMBERSHIP.answer(204, "application/json", "");
        HttpResponse<String> removed = browser.write("DELETE",
                "/api/platforms/acme-academy/members/5f0c4a8e-8a34-4d39-9a3f-1b2c3d4e5f60", null);
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(MEMBERSHIP.last().method()).isEqualTo("DELETE");
        assertThat(MEMBERSHIP.last().header("Authorization")).startsWith("Bearer ");
    }

    @Test
    void aServicesProblemAnswerReachesTheBrowserUnchanged() {
        browser.signIn("admin:acme-academy");
        String problem = "{\"type\":\"https://user-deletion.example/problems/forbidden\",\"title\":\"Forbidden\","
                + "\"status\":403,\"detail\":\"This token's roles or platform do not allow this request\"}";
        USER_QUERY.answer(403, "application/problem+json", problem);
        HttpResponse<String> answer = browser.get("/api/platforms/globex-mentoring/users");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).isEqualTo(problem);
    }

    @Test
    void onlyTheEndpointsThePageUsesAreRouted() {
        browser.signIn("admin:acme-academy");
        for (String path : new String[]{"/api/platforms/acme-academy/user-ids", "/api/users/5f0c4a8e-8a34-4d39-9a3f-1b2c3d4e5f60",
                "/api/platforms/acme-academy/access-list", "/api/anything"}) {
            HttpResponse<String> answer = browser.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).contains("/problems/not-found");
        }
        HttpResponse<String> addMember = browser.write("POST", "/api/platforms/acme-academy/members",
                "{\"email\":\"x@example.com\",\"role\":\"MENTEE\"}");
        assertThat(addMember.statusCode()).isEqualTo(404);
        assertThat(MEMBERSHIP.received()).isEmpty();
        assertThat(USER_QUERY.received()).isEmpty();
    }

    @Test
    void signedOutApiCallsGetA401ProblemAndPagesGoToTheSignIn() {
        HttpResponse<String> api = browser.get("/api/platforms/acme-academy/users");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(api.body()).contains("/problems/unauthenticated");
        assertThat(USER_QUERY.received()).isEmpty();

        HttpResponse<String> page = browser.get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        assertThat(browser.get("/sign-in").body()).contains("<form id=\"sign-in\" method=\"post\" action=\"/sign-in\">");
        assertThat(browser.get("/sign-in/accounts").body()).isEqualTo("[{\"id\":\"admin:acme-academy\",\"label\":"
                + "\"Admin of acme-academy\"},{\"id\":\"admin:globex-mentoring\",\"label\":\"Admin of globex-mentoring\"},"
                + "{\"id\":\"csm\",\"label\":\"Customer Success Manager\"}]");
    }

    @Test
    void signingInGivesAFreshHttpOnlySameSiteSessionCookieAndNeverAToken() {
        browser.get("/session");
        String before = browser.sessionCookie();
        HttpResponse<String> signIn = browser.signIn("admin:globex-mentoring");
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        String setCookie = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("GATEWAY_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
        assertThat(browser.sessionCookie()).isNotEqualTo(before);
        assertThat(signIn.headers().allValues("Set-Cookie")).hasSize(1);
        assertThat(signIn.body()).doesNotContain("eyJ");

        String session = browser.get("/session").body();
        assertThat(session).contains("\"signedIn\":true").contains("\"platformId\":\"globex-mentoring\"")
                .contains("\"roles\":[\"PLATFORM_ADMIN\"]").doesNotContain("eyJ");
    }

    @Test
    void onlyTheCsmAndAdminsOfWellFormedPlatformIdsCanBeChosen() {
        for (String account : new String[]{"root", "admin:", "admin:Not An Id", "admin:../x", "auditor"}) {
            HttpResponse<String> answer = browser.signIn(account);
            assertThat(answer.headers().firstValue("Location")).as(account)
                    .hasValueSatisfying(l -> assertThat(l).contains("unknown-account"));
            assertThat(browser.get("/session").body()).as(account).contains("\"signedIn\":false");
        }
        // a platform created after the demo data: its admin is typed in
        browser.signIn("admin:initech-careers");
        assertThat(browser.get("/session").body()).contains("\"platformId\":\"initech-careers\"");
    }

    @Test
    void stateChangesWithoutTheCsrfTokenAreRefusedAndNotSentOn() {
        browser.signIn("admin:acme-academy");
        HttpResponse<String> noToken = browser.send("POST", "/api/platforms/acme-academy/deletion-requests", null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("/problems/csrf-token-invalid");
        HttpResponse<String> wrongToken = browser.send("DELETE", "/api/platforms/acme-academy/members/5f0c4a8e-8a34-4d39-9a3f-1b2c3d4e5f60",
                null, "X-CSRF-TOKEN", "not-the-token");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(ORCHESTRATOR.received()).isEmpty();
        assertThat(MEMBERSHIP.received()).isEmpty();

        // a sign-in form posted from another site carries no token: nobody is signed in
        Browserless other = new Browserless("http://localhost:" + port);
        other.postForm("/sign-in", Map.of("account", "csm"));
        assertThat(other.get("/api/csm/follow-ups").statusCode()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSession() {
        browser.signIn("admin:acme-academy");
        String cookie = browser.sessionCookie();
        assertThat(browser.get("/api/platforms/acme-academy/users").statusCode()).isEqualTo(200);

        HttpResponse<String> out = browser.postForm("/sign-out", Map.of("_csrf", browser.csrfToken()));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/signed-out.html"));
        assertThat(browser.get("/api/platforms/acme-academy/users").statusCode()).isEqualTo(401);
        // the old cookie replayed by anyone no longer works
        Browserless replay = new Browserless("http://localhost:" + port);
        assertThat(replay.get("/api/platforms/acme-academy/users", "Cookie", "GATEWAY_SESSION=" + cookie).statusCode())
                .isEqualTo(401);
        assertThat(browser.get("/signed-out.html").statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverActive() {
        browser.signIn("admin:acme-academy");
        clock.advance(Duration.ofMinutes(59));
        assertThat(browser.get("/api/platforms/acme-academy/users").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> expired = browser.get("/api/platforms/acme-academy/users");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("/problems/session-expired");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(browser.get("/session").body()).contains("\"signedIn\":false");
        assertThat(USER_QUERY.received()).hasSize(1);
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndTheSecurityHeaders() {
        browser.signIn("admin:acme-academy");
        HttpResponse<String> page = browser.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
                        + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(browser.get("/session").headers().firstValue("Cache-Control")).hasValueSatisfying(
                c -> assertThat(c).contains("no-store"));
    }

    @Test
    void everyAssetThePageLoadsIsServedHereAndNothingComesFromElsewhere() throws IOException {
        browser.signIn("admin:acme-academy");
        String index = browser.get("/").body();
        assertThat(index).contains("src=\"/js/app.js\"").contains("href=\"/css/app.css\"");
        Path statics = Path.of("src/main/resources/static");
        try (var files = Files.walk(statics)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                // the only absolute URLs are the problem type names the page recognises
                assertThat(text.replace("https://user-deletion.example/problems/", "")
                        .replace("http://www.w3.org/2000/svg", ""))
                        .as(file.toString()).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
                String path = "/" + statics.relativize(file).toString().replace('\\', '/');
                assertThat(browser.get(path).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
