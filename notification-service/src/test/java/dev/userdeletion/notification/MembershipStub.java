package dev.userdeletion.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for membership-service's {@code GET /api/platforms/{platformId}}: platforms the tests register.
 * Like the real service it answers 401 to a call without the expected bearer token, so a mail that is sent
 * proves the call was authenticated with this service's own token.
 */
final class MembershipStub {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String expectedAuthorization;
    private final Map<String, String> platforms = new ConcurrentHashMap<>();
    private final AtomicInteger unauthenticated = new AtomicInteger();

    MembershipStub(String token) {
        this.expectedAuthorization = "Bearer " + token;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/platforms/", exchange -> {
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthenticated.incrementAndGet();
                answer(exchange, 401, problem("unauthenticated", "Unauthenticated", 401, "This API needs a bearer token"));
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/api/platforms/".length());
            String body = platforms.get(id);
            if (body == null) {
                answer(exchange, 404, problem("not-found", "Not found", 404, "Platform does not exist"));
            } else {
                answer(exchange, 200, body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "membership-stub-shutdown"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers (or replaces) a platform; the addresses are served as given, hostile ones included. */
    void register(String platformId, String csmEmail, String adminEmail) {
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("platformId", platformId);
        platform.put("name", "Platform " + platformId);
        platform.put("csmEmail", csmEmail);
        platform.put("adminEmail", adminEmail);
        platform.put("memberCount", 5);
        platforms.put(platformId, JSON.writeValueAsString(platform));
    }

    /** Calls refused for a missing or wrong bearer token since the JVM started. */
    int unauthenticatedCalls() {
        return unauthenticated.get();
    }

    private static String problem(String slug, String title, int status, String detail) {
        return "{\"type\":\"https://user-deletion.example/problems/" + slug + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
