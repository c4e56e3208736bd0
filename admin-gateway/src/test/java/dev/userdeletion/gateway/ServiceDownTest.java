package dev.userdeletion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every service behind the gateway is down: the page still loads, and each API call is a clear 503 problem. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ServiceDownTest {

    @DynamicPropertySource
    static void nothingListens(DynamicPropertyRegistry registry) throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        registry.add("gateway.services.membership", () -> down);
        registry.add("gateway.services.user-query", () -> down);
        registry.add("gateway.services.orchestrator", () -> down);
        registry.add("gateway.services.notification", () -> down);
        registry.add("gateway.local-sign-in.key-dir", () -> tempDir());
        registry.add("gateway.local-sign-in.platforms", () -> "acme-academy");
    }

    @LocalServerPort
    int port;

    @Test
    void aServiceThatCannotBeReachedIsA503ProblemThatSaysWhichAndThatNothingChanged() {
        Browserless browser = new Browserless("http://localhost:" + port);
        browser.signIn("admin:acme-academy");
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        HttpResponse<String> users = browser.get("/api/platforms/acme-academy/users");
        assertThat(users.statusCode()).isEqualTo(503);
        assertThat(users.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(users.body()).contains("/problems/service-unavailable").contains("The user directory cannot be reached")
                .contains("nothing was changed");

        HttpResponse<String> create = browser.write("POST", "/api/platforms/acme-academy/deletion-requests", null);
        assertThat(create.statusCode()).isEqualTo(503);
        assertThat(create.body()).contains("The deletion service cannot be reached");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("gateway-keys").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
