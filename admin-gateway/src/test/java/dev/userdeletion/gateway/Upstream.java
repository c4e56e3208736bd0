package dev.userdeletion.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for one service behind the gateway: records every request exactly as it arrived and answers with
 * whatever the test set (by default 200 {@code {}}). The gateway's own behaviour is what these tests check; the
 * services' answers are theirs and are tested end to end in local-stack.
 */
final class Upstream implements AutoCloseable {

    record Received(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }
    }

    record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = new Answer(200, "application/json", "{}");

    private Upstream(HttpServer server) {
        this.server = server;
    }

    static Upstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Upstream upstream = new Upstream(server);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                upstream.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
                Answer a = upstream.answer;
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", a.contentType());
                exchange.sendResponseHeaders(a.status(), a.status() == 204 ? -1 : bytes.length);
                if (a.status() != 204) {
                    exchange.getResponseBody().write(bytes);
                }
                exchange.close();
            });
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(int status, String contentType, String body) {
        this.answer = new Answer(status, contentType, body);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        return received.getLast();
    }

    void reset() {
        received.clear();
        answer = new Answer(200, "application/json", "{}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
