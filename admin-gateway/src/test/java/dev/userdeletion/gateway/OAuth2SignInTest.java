package dev.userdeletion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.userdeletion.authserver.TestAuthorizationServer;
import com.nimbusds.jwt.JWTParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production sign-in: the gateway without the local profile, in front of a real Spring Authorization Server
 * (test scope) that issues access tokens with the claims the services read. A person signs in there with the
 * authorisation code flow, the browser gets only the gateway's session cookie, and the access token is relayed as
 * the bearer; signing out ends it.
 */
@SpringBootTest(classes = AdminGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OAuth2SignInTest {

    static final int GATEWAY_PORT = freePort();
    static final int AUTH_PORT = freePort();
    static final String ISSUER = "http://127.0.0.1:" + AUTH_PORT;
    static final Upstream SERVICES = Upstream.start();
    static final ConfigurableApplicationContext AUTHORIZATION_SERVER = startAuthorizationServer();

    static ConfigurableApplicationContext startAuthorizationServer() {
        return TestAuthorizationServer.start(AUTH_PORT, ISSUER,
                "http://localhost:" + GATEWAY_PORT + "/login/oauth2/code/product", "admin-7", "correct horse");
    }

    @DynamicPropertySource
    static void production(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> GATEWAY_PORT);
        registry.add("server.servlet.session.cookie.secure", () -> "false"); // plain http in this test only
        String registration = "spring.security.oauth2.client.registration.product.";
        registry.add(registration + "client-id", () -> "admin-gateway");
        registry.add(registration + "client-secret", () -> "gateway-secret");
        registry.add(registration + "scope", () -> "openid");
        registry.add(registration + "provider", () -> "product");
        registry.add("spring.security.oauth2.client.provider.product.issuer-uri", () -> ISSUER);
        for (String service : new String[]{"membership", "user-query", "orchestrator", "notification"}) {
            registry.add("gateway.services." + service, () -> SERVICES.uri().toString());
        }
    }

    @AfterAll
    static void stop() {
        AUTHORIZATION_SERVER.close();
        SERVICES.close();
    }

    @Test
    void signsInAtTheAuthorisationServerAndRelaysItsAccessToken() throws Exception {
        Browserless browser = new Browserless("http://localhost:" + GATEWAY_PORT);
        assertThat(browser.get("/sign-in").statusCode()).as("no local sign-in in production").isIn(302, 404);
        assertThat(browser.get("/api/platforms/acme-academy/users").statusCode()).isEqualTo(401);

        // the page sends a signed-out browser to the authorisation server
        HttpResponse<String> page = browser.get("/", "Accept", "text/html,application/xhtml+xml"); // a navigation
        assertThat(page.statusCode()).isEqualTo(302);
        HttpResponse<String> authorize = browser.follow(page);
        assertThat(authorize.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(ISSUER + "/oauth2/authorize"));
        HttpResponse<String> loginPage = browser.follow(browser.follow(authorize));
        assertThat(loginPage.statusCode()).isEqualTo(200);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> loggedIn = browser.postForm(ISSUER + "/login",
                Map.of("username", "admin-7", "password", "correct horse", "_csrf", csrf.group(1)));
        HttpResponse<String> callback = browser.follow(loggedIn);
        assertThat(callback.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).startsWith("http://localhost:" + GATEWAY_PORT + "/login/oauth2/code/product?code="));
        HttpResponse<String> home = browser.follow(callback);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        assertThat(home.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).startsWith("GATEWAY_SESSION=")
                .contains("HttpOnly").contains("SameSite=Lax"));
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        assertThat(browser.get("/session").body()).contains("\"signedIn\":true").contains("\"sub\":\"admin-7\"")
                .contains("\"platformId\":\"acme-academy\"").doesNotContain("eyJ");

        assertThat(browser.get("/api/platforms/acme-academy/users?role=MENTEE").statusCode()).isEqualTo(200);
        String bearer = SERVICES.last().header("Authorization");
        JWTClaimsSet claims = JWTParser.parse(bearer.substring("Bearer ".length())).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("admin-7");
        assertThat(claims.getStringListClaim("roles")).containsExactly("PLATFORM_ADMIN");
        assertThat(SERVICES.last().header("Cookie")).isNull();

        HttpResponse<String> out = browser.postForm("/sign-out", Map.of("_csrf", browser.csrfToken()));
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/signed-out.html"));
        assertThat(browser.get("/api/platforms/acme-academy/users").statusCode()).isEqualTo(401);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
