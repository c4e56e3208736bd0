package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;

@ExtendWith(OutputCaptureExtension.class)
class AccessListApiIT extends IntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void emailsAreAddedOnceNormalisedAndListedInOrder() {
        String platform = newPlatform();
        String other = newPlatform();
        for (String email : new String[] {"zoe@example.com", "Ada.Lovelace@Example.com", "ada@example.com",
                "b_b@example.com"}) {
            Response r = call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + email, null);
            assertThat(r.status()).as(r.raw()).isEqualTo(204);
        }
        // idempotent, also in another spelling of the same address
        assertThat(call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/ZOE@example.com", null).status())
                .isEqualTo(204);
        call(HttpMethod.PUT, "/api/platforms/" + other + "/access-list/other@example.com", null);

        Response list = get("/api/platforms/" + platform + "/access-list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("emails").valueStream().map(e -> e.asString()).toList())
                .containsExactly("ada.lovelace@example.com", "ada@example.com", "b_b@example.com", "zoe@example.com");
    }

    @Test
    void aPercentEncodedEmailIsDecodedTrimmedAndLowerCased() {
        String platform = newPlatform();
        Response r = call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/%20Ann.Lee%2Btag@Example.COM%20", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(204);
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList()).containsExactly("ann.lee+tag@example.com");
    }

    /** The platform's back end erases an address it listed; only that platform's entry goes. */
    @Test
    void anEmailIsTakenOffOneListOnceInAnySpelling() {
        String platform = newPlatform();
        String other = newPlatform();
        for (String p : new String[] {platform, other}) {
            call(HttpMethod.PUT, "/api/platforms/" + p + "/access-list/listed.once@example.com", null);
        }
        call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/stays@example.com", null);

        Response removed = call(HttpMethod.DELETE, "/api/platforms/" + platform + "/access-list/%20Listed.Once@Example.COM",
                null);

        assertThat(removed.status()).as(removed.raw()).isEqualTo(204);
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList()).containsExactly("stays@example.com");
        assertThat(get("/api/platforms/" + other + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList()).containsExactly("listed.once@example.com");
        // idempotent; an unknown platform and a malformed address are refused without a change
        assertThat(call(HttpMethod.DELETE, "/api/platforms/" + platform + "/access-list/listed.once@example.com", null)
                .status()).isEqualTo(204);
        assertThat(call(HttpMethod.DELETE, "/api/platforms/no-such-" + UUID.randomUUID().toString().substring(0, 8)
                + "/access-list/stays@example.com", null).status()).isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/api/platforms/" + platform + "/access-list/not-an-address", null).status())
                .isEqualTo(400);
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails")).hasSize(1);
    }

    @Test
    void aPlatformWithoutEntriesHasAnEmptyList() {
        Response list = get("/api/platforms/" + newPlatform() + "/access-list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("emails").isArray()).isTrue();
        assertThat(list.body().get("emails").size()).isZero();
    }

    /**
     * An address with a character a URL must encode, sent unencoded by a careless back end: Tomcat refuses the request
     * line (400) and would log it whole at INFO, the address included. Tomcat logs only the first such line of a JVM
     * at INFO, so the level is checked as well as the output.
     */
    @Test
    void aMalformedRequestLineWithAnAddressIsRefusedWithoutLoggingIt(CapturedOutput output) throws IOException {
        String address = "jane|doe-" + System.nanoTime() + "@example.com";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/platforms/" + newPlatform() + "/access-list/" + address + " HTTP/1.1\r\nHost: localhost"
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        assertThat(LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor").isInfoEnabled())
                .as("Tomcat's request-line parser at INFO quotes the line").isFalse();
        assertThat(output.getAll()).doesNotContain(address);
    }
}
