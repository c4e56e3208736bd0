package dev.userdeletion.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One address for all instances of a service, as a Kubernetes Service or Docker's DNS gives in production: requests
 * go round-robin to the instances, and one that refuses the connection (stopped, killed) is skipped for the next. A
 * request an instance has accepted is never sent twice: if the instance dies while answering, the caller gets a 502.
 * Used when a stack runs more than one instance of each service, so that callers (the other services, the gateway,
 * tests) do not depend on one instance being alive.
 */
final class ServiceAddress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceAddress.class);
    /** Hop-by-hop headers and those the client computes itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "proxy-connection", "date");

    private final String service;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final List<Integer> instancePorts = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    /** Shown every exchange when set; then a request no instance accepts is dropped, as a refused connection. */
    private final Consumer<ApiClient.Exchange> observer;

    private ServiceAddress(String service, HttpServer server, Consumer<ApiClient.Exchange> observer) {
        this.service = service;
        this.server = server;
        this.observer = observer;
    }

    static ServiceAddress start(String service, int port) {
        return start(service, port, null);
    }

    /**
     * A proxy on a free port that shows {@code observer} every exchange and otherwise changes nothing the caller
     * sees: a service that is down still refuses (the connection is dropped unanswered).
     */
    static ServiceAddress observing(String service, Consumer<ApiClient.Exchange> observer) {
        return start(service, 0, observer);
    }

    private static ServiceAddress start(String service, int port, Consumer<ApiClient.Exchange> observer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 64);
            ServiceAddress address = new ServiceAddress(service, server, observer);
            server.createContext("/", address::forward);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the address of " + service + " on port " + port, e);
        }
    }

    void addInstance(int port) {
        instancePorts.add(port);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://localhost:" + port();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Integer> ports = List.copyOf(instancePorts);
            int first = Math.floorMod(next.getAndIncrement(), Math.max(1, ports.size()));
            for (int i = 0; i < ports.size(); i++) {
                int port = ports.get((first + i) % ports.size());
                HttpResponse<InputStream> response;
                try {
                    response = client.send(request(exchange, port, body), HttpResponse.BodyHandlers.ofInputStream());
                } catch (ConnectException | HttpConnectTimeoutException refused) {
                    continue; // not running: the next instance
                } catch (IOException e) {
                    if (e.getCause() instanceof ConnectException) {
                        continue;
                    }
                    log.warn("{} instance on port {} failed while answering {} {}: {}", service, port,
                            exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
                    exchange.sendResponseHeaders(502, -1);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                respond(exchange, body, response);
                return;
            }
            if (observer == null) {
                exchange.sendResponseHeaders(503, -1); // no instance accepts connections
            } // else: closed unanswered, which the caller sees as the refused connection it would have had
        }
    }

    private static HttpRequest request(HttpExchange exchange, int port, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + exchange.getRequestURI().toString()))
                .timeout(Duration.ofMinutes(2))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    private void respond(HttpExchange exchange, byte[] requestBody, HttpResponse<InputStream> response)
            throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        try (InputStream in = response.body()) {
            boolean noBody = response.statusCode() == 204 || response.statusCode() == 304
                    || "HEAD".equals(exchange.getRequestMethod());
            long length = response.headers().firstValueAsLong("content-length").orElse(0);
            InputStream answer = in;
            if (observer != null) {
                byte[] read = in.readAllBytes();
                observe(exchange, requestBody, response, read);
                answer = new ByteArrayInputStream(read);
            }
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    answer.transferTo(out);
                }
            }
        }
    }

    private void observe(HttpExchange exchange, byte[] requestBody, HttpResponse<?> response, byte[] answer) {
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(Locale.ROOT), values));
        try {
            observer.accept(new ApiClient.Exchange(url(), exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(), requestHeaders,
                    requestBody.length == 0 ? null : new String(requestBody, StandardCharsets.UTF_8),
                    response.statusCode(), response.headers().map(), new String(answer, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            log.warn("The observer of {}'s exchanges failed on {} {}", service, exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
