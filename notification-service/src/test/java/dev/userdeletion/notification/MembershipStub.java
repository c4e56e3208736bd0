package dev.userdeletion.notification;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.userdeletion.infra.LocalTokenIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for membership-service's {@code GET /api/platforms/{platformId}}: platforms the tests register.
 * Like the real service it checks the bearer token: 401 unless it is a JWT signed by the test issuer's key, of
 * that issuer, unexpired and for the audience {@code membership-service}; 403 without the role {@code SERVICE}.
 * So a mail that is sent proves the call carried a valid token of this service's own.
 */
final class MembershipStub {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final LocalTokenIssuer issuer;
    private final Map<String, String> platforms = new ConcurrentHashMap<>();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final AtomicReference<JWTClaimsSet> lastAccepted = new AtomicReference<>();

    MembershipStub(LocalTokenIssuer issuer) {
        this.issuer = issuer;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/platforms/", exchange -> {
            JWTClaimsSet token = validToken(exchange.getRequestHeaders().getFirst("Authorization"));
            if (token == null) {
                unauthenticated.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                answer(exchange, 401, problem("unauthenticated", "Unauthenticated", 401, "This API needs a bearer token"));
                return;
            }
            if (!roles(token).contains(LocalTokenIssuer.SERVICE)) {
                answer(exchange, 403, problem("forbidden", "Forbidden", 403, "This token's roles do not allow this request"));
                return;
            }
            lastAccepted.set(token);
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

    /** Calls refused for a missing or invalid bearer token since the JVM started. */
    int unauthenticatedCalls() {
        return unauthenticated.get();
    }

    /** The claims of the last token a platform was served for; null before any. */
    JWTClaimsSet lastAcceptedToken() {
        return lastAccepted.get();
    }

    /** The token's claims if it is valid for membership-service (signature, issuer, expiry, audience), else null. */
    private JWTClaimsSet validToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean valid = jwt.verify(new RSASSAVerifier(issuer.publicKey()))
                    && LocalTokenIssuer.ISSUER.equals(claims.getIssuer())
                    && claims.getExpirationTime() != null && claims.getExpirationTime().after(new Date())
                    && claims.getAudience().contains(LocalTokenIssuer.MEMBERSHIP_SERVICE);
            return valid ? claims : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    private static List<String> roles(JWTClaimsSet token) {
        try {
            List<String> roles = token.getStringListClaim("roles");
            return roles == null ? List.of() : roles;
        } catch (ParseException e) {
            return List.of();
        }
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
