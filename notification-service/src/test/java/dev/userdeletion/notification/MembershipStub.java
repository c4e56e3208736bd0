package dev.userdeletion.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for membership-service's {@code GET /api/platforms/{platformId}}: platforms the tests register. */
final class MembershipStub {

    private final HttpServer server;
    private final Map<String, String> platforms = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    MembershipStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/platforms/", exchange -> {
            requests.incrementAndGet();
            String id = exchange.getRequestURI().getPath().substring("/api/platforms/".length());
            String body = platforms.get(id);
            int status = body == null ? 404 : 200;
            if (body == null) {
                body = "{\"type\":\"https://user-deletion.example/problems/not-found\",\"title\":\"Not found\","
                        + "\"status\":404,\"detail\":\"Platform does not exist\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "membership-stub-shutdown"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void register(String platformId, String csmEmail, String adminEmail) {
        platforms.put(platformId, "{\"platformId\":\"" + platformId + "\",\"name\":\"Platform " + platformId
                + "\",\"csmEmail\":\"" + csmEmail + "\",\"adminEmail\":\"" + adminEmail + "\",\"memberCount\":5}");
    }
}
