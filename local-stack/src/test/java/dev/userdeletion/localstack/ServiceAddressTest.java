package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A service's address spreads calls over its instances and skips one that is down; the call arrives unchanged. */
class ServiceAddressTest {

    private final List<HttpServer> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private ServiceAddress address;

    @AfterEach
    void stop() {
        instances.forEach(s -> s.stop(0));
        if (address != null) {
            address.close();
        }
    }

    @Test
    void callsGoRoundRobinAndSkipAnInstanceThatIsDown() throws Exception {
        address = ServiceAddress.start("echo", 0);
        address.addInstance(instance("a"));
        address.addInstance(freePort()); // nothing listens there: a killed instance
        address.addInstance(instance("b"));

        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(address.url() + "/api/x?q=1"))
                    .header("Authorization", "Bearer t").header("If-Match", "\"3\"")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("ETag")).hasValue("\"4\"");
            assertThat(r.body()).endsWith("POST /api/x?q=1 Bearer t \"3\" {\"n\":" + i + "}");
            answeredBy.add(r.body().substring(0, 1));
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void noInstanceUpIsA503() throws Exception {
        address = ServiceAddress.start("none", 0);
        address.addInstance(freePort());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(address.url() + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
    }

    private int instance(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = (name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("If-Match") + " " + body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("ETag", "\"4\"");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        instances.add(server);
        return server.getAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
