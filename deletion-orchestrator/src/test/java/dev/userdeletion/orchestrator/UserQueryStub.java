package dev.userdeletion.orchestrator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the user-query-service (another process) in this module's tests: an in-memory list of users per
 * platform served over real HTTP with the two endpoints the orchestrator uses, with the service's semantics
 * (filter rules, 10,000 ids per lookup, only members of the path's platform in {@code items}).
 *
 * <p>Like the real service it needs the platform admin's token, and it is stricter: it accepts only the exact
 * token of the admin who called the orchestrator ({@link #expectAdminToken}; by default the tests' full-access
 * token of the path's platform) and answers 401 to anything else, so every passing review or items page proves
 * that the orchestrator relayed the caller's own token.
 */
final class UserQueryStub {

    private static final Pattern PATH = Pattern.compile("/api/platforms/([a-z0-9-]{1,64})/(user-ids|users/lookup)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record User(UUID userId, String email, Map<String, String> roles, Instant lastLoginAt) {
    }

    private final Map<UUID, User> users = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean cutting = new AtomicBoolean();
    private final Map<String, String> adminTokens = new ConcurrentHashMap<>();
    private volatile Function<String, String> defaultAdminToken = platformId -> null;
    /** Calls answered 401 because they did not carry the expected admin's token. */
    final AtomicInteger unauthorisedCalls = new AtomicInteger();
    final AtomicInteger lookupCalls = new AtomicInteger();
    final AtomicInteger largestLookup = new AtomicInteger();

    private UserQueryStub(HttpServer server) {
        this.server = server;
    }

    static UserQueryStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            UserQueryStub stub = new UserQueryStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "user-query-stub");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A new user, member of {@code platformId}; {@code email} null: a unique one is made up; {@code lastLogin} null:
     * never logged in.
     */
    UUID addMember(String platformId, String role, String email, LocalDate lastLogin) {
        UUID id = UUID.randomUUID();
        if (email == null) {
            email = "user-" + id + "@example.com";
        }
        Map<String, String> roles = new ConcurrentHashMap<>();
        roles.put(platformId, role);
        users.put(id, new User(id, email, roles,
                lastLogin == null ? null : lastLogin.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        return id;
    }

    UUID addMember(String platformId) {
        return addMember(platformId, "MENTEE", null, LocalDate.of(2024, 1, 1));
    }

    void join(UUID userId, String platformId, String role) {
        users.get(userId).roles().put(platformId, role);
    }

    void delete(UUID userId) {
        users.remove(userId);
    }

    String email(UUID userId) {
        return users.get(userId).email();
    }

    /** The token accepted for platforms without an {@link #expectAdminToken} of their own. */
    void defaultAdminToken(Function<String, String> tokenOfPlatform) {
        defaultAdminToken = tokenOfPlatform;
    }

    /** From now on calls for {@code platformId} must carry exactly {@code token} (the admin calling the orchestrator). */
    void expectAdminToken(String platformId, String token) {
        adminTokens.put(platformId, token);
    }

    /** While cutting, a member stream ends after its first element without its closing bracket (a failed read). */
    void cutStreams(boolean value) {
        cutting.set(value);
    }

    /** While failing, every call is answered 500. */
    void failing(boolean value) {
        failing.set(value);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (failing.get()) {
                send(exchange, 500, "{\"title\":\"stub failure\"}");
                return;
            }
            if (!path.matches()) {
                send(exchange, 404, "{}");
                return;
            }
            String platformId = path.group(1);
            String expected = adminTokens.getOrDefault(platformId, defaultAdminToken.apply(platformId));
            // exactly one Authorization header, exactly the admin's token
            if (expected == null
                    || !List.of("Bearer " + expected).equals(exchange.getRequestHeaders().get("Authorization"))) {
                unauthorisedCalls.incrementAndGet();
                send(exchange, 401, "{\"type\":\"https://user-deletion.example/problems/unauthenticated\"}");
                return;
            }
            if (path.group(2).equals("user-ids") && exchange.getRequestMethod().equals("GET")) {
                userIds(exchange, platformId);
            } else if (path.group(2).equals("users/lookup") && exchange.getRequestMethod().equals("POST")) {
                lookup(exchange, platformId);
            } else {
                send(exchange, 405, "{}");
            }
        }
    }

    private void userIds(HttpExchange exchange, String platformId) throws IOException {
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        String email = query.containsKey("email") ? query.get("email").getFirst().toLowerCase(Locale.ROOT) : null;
        List<String> roles = query.getOrDefault("role", List.of());
        LocalDate before = query.containsKey("lastLoginOnOrBefore")
                ? LocalDate.parse(query.get("lastLoginOnOrBefore").getFirst()) : null;
        boolean withPlatformCount = query.getOrDefault("withPlatformCount", List.of("false")).getFirst().equals("true");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0); // chunked, like the real stream
        try (OutputStream out = exchange.getResponseBody()) {
            out.write('[');
            boolean first = true;
            for (User user : users.values()) {
                String role = user.roles().get(platformId);
                if (role == null
                        || email != null && !user.email().toLowerCase(Locale.ROOT).contains(email)
                        || !roles.isEmpty() && !roles.contains(role)
                        || before != null && user.lastLoginAt() != null
                        && user.lastLoginAt().atZone(ZoneOffset.UTC).toLocalDate().isAfter(before)) {
                    continue;
                }
                String element = withPlatformCount
                        ? "{\"userId\":\"" + user.userId() + "\",\"platformCount\":" + user.roles().size() + "}"
                        : "\"" + user.userId() + "\"";
                out.write(((first ? "" : ",") + element).getBytes(StandardCharsets.UTF_8));
                first = false;
                if (cutting.get()) {
                    return; // as the real service does when its read fails midway: the array stays open
                }
            }
            out.write(']');
        }
    }

    private void lookup(HttpExchange exchange, String platformId) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        List<String> ids = new ArrayList<>();
        body.get("userIds").forEach(id -> ids.add(id.asString()));
        lookupCalls.incrementAndGet();
        largestLookup.accumulateAndGet(ids.size(), Math::max);
        if (ids.size() > 10_000) {
            send(exchange, 400, "{\"detail\":\"at most 10000 userIds\"}");
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            User user = users.get(UUID.fromString(id));
            if (user == null || !user.roles().containsKey(platformId)) {
                unknown.add(id);
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("userId", user.userId().toString());
            item.put("email", user.email());
            item.put("role", user.roles().get(platformId));
            item.put("lastLoginAt", user.lastLoginAt() == null ? null : user.lastLoginAt().toString());
            item.put("platformCount", user.roles().size());
            items.add(item);
        }
        send(exchange, 200, JSON.writeValueAsString(Map.of("items", items, "unknownUserIds", unknown)));
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
