package dev.userdeletion.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local stand-in for the authorisation server's token endpoint: the OAuth2 client-credentials grant
 * (RFC 6749 §4.4), in-process on a JDK {@link HttpServer}. {@code POST /oauth2/token} with
 * {@code grant_type=client_credentials} and the client's id and secret by HTTP Basic (§2.3.1) answers a
 * short-lived JWT signed by the {@link LocalTokenIssuer}: {@code sub} the client id, the client's fixed
 * {@code roles} and audiences. Only registered clients get a token, and only their own roles and audiences; a
 * requested {@code scope} changes nothing. Errors are the RFC's JSON errors ({@code invalid_client} 401,
 * {@code unsupported_grant_type} / {@code invalid_request} 400). Used by the local run and by tests.
 */
public final class LocalTokenEndpoint implements AutoCloseable {

    /** Where the token endpoint answers. */
    public static final String PATH = "/oauth2/token";
    /** How long a token is valid unless configured otherwise: minutes, so a leaked one is soon useless. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /** A client allowed the grant: its credentials, and what every token it gets carries. */
    public record Client(String id, String secret, List<String> roles, List<String> audiences) {

        public Client {
            roles = List.copyOf(roles);
            audiences = List.copyOf(audiences);
        }

        /** A client with a fresh {@link #randomSecret()}. */
        public static Client withRandomSecret(String id, List<String> roles, List<String> audiences) {
            return new Client(id, randomSecret(), roles, audiences);
        }

        @Override
        public String toString() {
            return "Client[" + id + ", roles=" + roles + ", audiences=" + audiences + "]"; // never the secret
        }
    }

    /** 256 random bits, URL-safe: a client secret for a run of the local system. */
    public static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private final HttpServer server;
    private final LocalTokenIssuer issuer;
    private final Duration lifetime;
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, AtomicInteger> issued = new ConcurrentHashMap<>();

    private LocalTokenEndpoint(HttpServer server, LocalTokenIssuer issuer, Duration lifetime, List<Client> clients) {
        this.server = server;
        this.issuer = issuer;
        this.lifetime = lifetime;
        clients.forEach(client -> this.clients.put(client.id(), client));
    }

    /** Starts on {@code port} of the loopback interface (0: a free one), tokens valid for {@code lifetime}. */
    public static LocalTokenEndpoint start(LocalTokenIssuer issuer, int port, Duration lifetime, List<Client> clients) {
        return start(issuer, new InetSocketAddress("127.0.0.1", port), lifetime, clients);
    }

    /** Starts on {@code address} (e.g. every interface, in a container), tokens valid for {@code lifetime}. */
    public static LocalTokenEndpoint start(LocalTokenIssuer issuer, InetSocketAddress address, Duration lifetime,
                                           List<Client> clients) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("A token lifetime must be positive");
        }
        try {
            HttpServer server = HttpServer.create(address, 0);
            LocalTokenEndpoint endpoint = new LocalTokenEndpoint(server, issuer, lifetime, clients);
            server.createContext("/", endpoint::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "local-token-endpoint");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL clients post to, e.g. {@code http://127.0.0.1:43123/oauth2/token}. */
    public String tokenUri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getAddress().getHostAddress();
        return "http://" + host + ":" + address.getPort() + PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Tokens issued to {@code clientId} since the start. */
    public int issued(String clientId) {
        AtomicInteger count = issued.get(clientId);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, "{\"error\":\"not_found\"}");
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                answer(exchange, 405, "{\"error\":\"invalid_request\",\"error_description\":\"POST only\"}");
            } else {
                token(exchange);
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Client client = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (client == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"token\"");
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            answer(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"a form body is required\"}");
            return;
        }
        Map<String, String> form = form(exchange.getRequestBody());
        if (form == null) {
            answer(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"malformed form body\"}");
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            answer(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String token = issuer.mint(client.id(), null, client.roles(), client.audiences(), lifetime);
        issued.computeIfAbsent(client.id(), id -> new AtomicInteger()).incrementAndGet();
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + lifetime.toSeconds() + "}");
    }

    /** The registered client whose id and secret the Basic credentials carry (each form-urlencoded, §2.3.1). */
    private Client authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            Client client = clients.get(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
            byte[] secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_8);
            return client != null && MessageDigest.isEqual(secret, client.secret().getBytes(StandardCharsets.UTF_8))
                    ? client : null;
        } catch (IllegalArgumentException e) {
            return null; // not Base64, or a malformed %-escape
        }
    }

    /** The form's parameters (the first of each name); null when it is malformed. */
    private static Map<String, String> form(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(8192);
        Map<String, String> form = new HashMap<>();
        try {
            for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    form.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        // RFC 6749 §5.1: a token response must not be cached
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
