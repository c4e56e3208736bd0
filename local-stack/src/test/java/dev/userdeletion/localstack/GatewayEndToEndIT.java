package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin gateway in front of the real services: signing in through it grants nothing the services would not.
 * An admin of one platform still gets the services' 403 for another platform, for writes as for reads, and a
 * CSM gets 403 on the admin's routes.
 */
class GatewayEndToEndIT {

    private static final Pattern CSRF = Pattern.compile("\"token\":\"([^\"]+)\"");

    private static String gateway;

    @BeforeAll
    static void stack() {
        gateway = RunningStack.get().baseUrl(Stack.GATEWAY);
    }

    @Test
    void anAdminSignedInThroughTheGatewayIsStillRefusedAnotherPlatform() {
        String own = "gw-own-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "gw-other-" + UUID.randomUUID().toString().substring(0, 8);
        Session admin = Session.signIn("admin:" + own);

        assertThat(admin.get("/api/platforms/" + own + "/users").statusCode()).isEqualTo(200);
        assertThat(admin.write("POST", "/api/platforms/" + own + "/deletion-requests").statusCode()).isEqualTo(201);

        for (HttpResponse<String> refused : new HttpResponse[]{
                admin.get("/api/platforms/" + other + "/users"),
                admin.get("/api/platforms/" + other + "/users/count"),
                admin.get("/api/platforms/" + other + "/deletion-requests"),
                admin.write("POST", "/api/platforms/" + other + "/deletion-requests"),
                admin.get("/api/platforms/" + other + "/notifications"),
                admin.get("/api/platforms/" + other),
                // removing a membership is the CSM's, even on the admin's own platform
                admin.write("DELETE", "/api/platforms/" + own + "/members/" + UUID.randomUUID()),
                admin.get("/api/csm/follow-ups")}) {
            assertThat(refused.statusCode()).as(refused.uri().toString()).isEqualTo(403);
            assertThat(refused.body()).as(refused.uri().toString()).contains("/problems/forbidden");
        }
    }

    @Test
    void theCsmSignedInThroughTheGatewayReachesFollowUpsButNoAdminRoute() {
        Session csm = Session.signIn("csm");
        assertThat(csm.get("/api/csm/follow-ups").statusCode()).isEqualTo(200);
        HttpResponse<String> users = csm.get("/api/platforms/any-platform/users");
        assertThat(users.statusCode()).isEqualTo(403);
        assertThat(csm.write("POST", "/api/platforms/any-platform/deletion-requests").statusCode()).isEqualTo(403);
    }

    /** A browser's session at the gateway: its cookie, and the CSRF token the page would send. */
    private record Session(HttpClient http) {

        static Session signIn(String account) {
            Session session = new Session(HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build());
            String form = "account=" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "&_csrf=" + session.csrf();
            HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(gateway + "/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(session.get("/session").body()).contains("\"signedIn\":true");
            return session;
        }

        String csrf() {
            Matcher token = CSRF.matcher(get("/session").body());
            assertThat(token.find()).isTrue();
            return token.group(1);
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(gateway + path)).GET());
        }

        HttpResponse<String> write(String method, String path) {
            return send(HttpRequest.newBuilder(URI.create(gateway + path)).header("X-CSRF-TOKEN", csrf())
                    .method(method, HttpRequest.BodyPublishers.noBody()));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
