package dev.userdeletion.notification.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.userdeletion.infra.LocalTokenEndpoint;
import dev.userdeletion.infra.LocalTokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * The client-credentials client against a real token endpoint and a resource that records the bearer tokens it is
 * sent. A clock the test moves stands for time passing, so expiry is tested without waiting.
 */
class MembershipServiceTokensTest {

    private static final LocalTokenIssuer ISSUER = LocalTokenIssuer.temporary();
    private static final LocalTokenEndpoint.Client CLIENT = LocalTokenEndpoint.Client.withRandomSecret(
            "notification-service", List.of(LocalTokenIssuer.SERVICE), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE));

    private final LocalTokenEndpoint endpoint = LocalTokenEndpoint.start(ISSUER, 0, Duration.ofMinutes(5), List.of(CLIENT));
    private final Resource resource = new Resource();
    private final Instant start = Instant.now();
    private final MovableClock clock = new MovableClock(start);

    @AfterEach
    void stop() {
        endpoint.close();
        resource.server.stop(0);
    }

    @Test
    void aShortLivedServiceTokenIsFetchedOnceAndFetchedAgainShortlyBeforeItExpires() throws Exception {
        RestClient membership = client(CLIENT.secret());

        call(membership);
        call(membership);
        clock.set(start.plus(Duration.ofMinutes(3).plusSeconds(50))); // more than a minute before the expiry
        call(membership);
        assertThat(endpoint.issued(CLIENT.id())).as("one token for all three calls").isEqualTo(1);
        assertThat(resource.bearers).hasSize(3).containsOnly(resource.bearers.getFirst());

        JWTClaimsSet claims = SignedJWT.parse(resource.bearers.getFirst()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("notification-service");
        assertThat(claims.getAudience()).containsExactly(LocalTokenIssuer.MEMBERSHIP_SERVICE);
        assertThat(claims.getStringListClaim("roles")).containsExactly(LocalTokenIssuer.SERVICE);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));

        clock.set(start.plus(Duration.ofMinutes(4).plusSeconds(30))); // within the last minute of its life
        call(membership);
        assertThat(endpoint.issued(CLIENT.id())).as("a new token once the first is about to expire").isEqualTo(2);
        assertThat(resource.bearers.getLast()).isNotEqualTo(resource.bearers.getFirst());
    }

    @Test
    void aTokenMembershipRefusesIsDroppedAndTheNextCallFetchesANewOne() throws Exception {
        RestClient membership = client(CLIENT.secret());
        call(membership);
        resource.status.set(401);
        assertThat(catchThrowable(() -> call(membership))).isInstanceOf(HttpClientErrorException.Unauthorized.class);
        resource.status.set(200);
        call(membership);

        assertThat(endpoint.issued(CLIENT.id())).isEqualTo(2);
        assertThat(resource.bearers).hasSize(3);
        assertThat(resource.bearers.get(1)).isEqualTo(resource.bearers.get(0));
        assertThat(resource.bearers.get(2)).isNotEqualTo(resource.bearers.get(1));
    }

    @Test
    void aClientTheTokenEndpointRefusesNeverReachesMembership() {
        RestClient membership = client("not-the-secret");
        assertThat(catchThrowable(() -> call(membership))).isNotNull();
        assertThat(resource.bearers).isEmpty();
        assertThat(endpoint.issued(CLIENT.id())).isZero();
    }

    @Test
    void withoutTokenEndpointOrSecretTheServiceDoesNotStart() {
        assertThatThrownBy(() -> new MembershipServiceTokens("", CLIENT.id(), CLIENT.secret(), Duration.ofSeconds(5), clock))
                .hasMessageContaining("notification.membership.token-uri");
        assertThatThrownBy(() -> new MembershipServiceTokens(endpoint.tokenUri(), CLIENT.id(), " ", Duration.ofSeconds(5), clock))
                .hasMessageContaining("notification.membership.client-secret");
    }

    private RestClient client(String secret) {
        MembershipServiceTokens tokens = new MembershipServiceTokens(endpoint.tokenUri(), CLIENT.id(), secret,
                Duration.ofSeconds(5), clock);
        return RestClient.builder().baseUrl(resource.baseUrl()).requestInterceptor(tokens).build();
    }

    private static void call(RestClient membership) {
        membership.get().uri("/api/platforms/p-1").retrieve().toBodilessEntity();
    }

    /** Answers {@link #status} and records the bearer token of every call. */
    private static final class Resource {

        final HttpServer server;
        final List<String> bearers = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(200);

        Resource() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null && authorization.startsWith("Bearer ")) {
                    bearers.add(authorization.substring("Bearer ".length()));
                }
                if (status.get() == 401) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                }
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
