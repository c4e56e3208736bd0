package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Every change of a user is announced on {@code membership.user-state} with the full state, and only then. */
class UserStateEventsIT extends IntegrationTest {

    @Test
    void everyChangePublishesTheFullStateWithAGrowingRevision() {
        String first = newPlatform();
        String second = newPlatform();
        String email = newEmail();
        String userId = member(first, email, "MENTOR");
        member(second, email, "MENTEE");
        Instant login = Instant.parse("2025-06-01T12:00:00.123456Z");
        assertThat(call(HttpMethod.POST, "/api/users/" + userId + "/logins", Map.of("at", login.toString())).status())
                .isEqualTo(204);

        List<ConsumerRecord<String, byte[]>> records = userStates(userId, r -> r.size() >= 3);

        assertThat(records).hasSize(3).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(userId);
            assertThat(header(r, "eventType")).isEqualTo("UserState");
            assertThat(header(r, "schemaVersion")).isEqualTo("1");
            assertThat(UUID.fromString(header(r, "id"))).isNotNull();
        });
        assertThat(records).extracting(r -> header(r, "id")).doesNotHaveDuplicates();
        List<UserState> states = records.stream().map(this::decode).toList();
        assertThat(states).extracting(UserState::revision).containsExactly(1L, 2L, 3L);
        assertThat(states.get(0).memberships()).extracting(UserState.Membership::platformId).containsExactly(first);
        assertThat(states.get(0).lastLoginAt()).isNull();

        UserState latest = states.getLast();
        assertThat(latest.userId()).hasToString(userId);
        assertThat(latest.email()).isEqualTo(email);
        assertThat(latest.lastLoginAt()).isEqualTo(login);
        assertThat(latest.memberships()).extracting(UserState.Membership::platformId, UserState.Membership::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, Role.MENTOR),
                        org.assertj.core.groups.Tuple.tuple(second, Role.MENTEE));
        assertThat(latest.memberships()).allSatisfy(m -> assertThat(m.joinedAt()).isNotNull());
    }

    @Test
    void eachStateNamesTheBackEndWhoseRequestMadeTheChange() {
        String platform = newPlatform();
        String backEnd = SharedInfrastructure.tokens().service("mentoring-backend", LocalTokenIssuer.MEMBERSHIP_SERVICE,
                Duration.ofMinutes(10));
        String loginService = SharedInfrastructure.tokens().service("login-service", LocalTokenIssuer.MEMBERSHIP_SERVICE,
                Duration.ofMinutes(10));

        Response created = callAs(backEnd, HttpMethod.POST, "/api/platforms/" + platform + "/members",
                Map.of("email", newEmail(), "role", "MENTEE"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String userId = created.body().get("userId").asString();
        Response login = callAs(loginService, HttpMethod.POST, "/api/users/" + userId + "/logins", null);
        assertThat(login.status()).as(login.raw()).isEqualTo(204);

        List<UserState> states = userStates(userId, r -> r.size() >= 2).stream().map(this::decode).toList();
        assertThat(states).extracting(UserState::changedBy).containsExactly("mentoring-backend", "login-service");
    }

    @Test
    void refusedAndIneffectiveRequestsPublishNothing() {
        String platform = newPlatform();
        String userId = member(platform, newEmail(), "MENTEE");
        String email = get("/api/users/" + userId).body().get("email").asString();
        Instant login = Instant.parse("2025-06-01T12:00:00Z");
        call(HttpMethod.POST, "/api/users/" + userId + "/logins", Map.of("at", login.toString()));

        // none of these changes the user
        assertThat(join(platform, email, "MENTOR").status()).isEqualTo(409);
        assertThat(call(HttpMethod.POST, "/api/users/" + userId + "/logins",
                Map.of("at", Instant.now().plus(Duration.ofHours(1)).toString())).status()).isEqualTo(400);
        assertThat(call(HttpMethod.POST, "/api/users/" + userId + "/logins",
                Map.of("at", login.minus(Duration.ofDays(1)).toString())).status()).isEqualTo(204);
        assertThat(call(HttpMethod.POST, "/api/platforms/no-such-platform/members",
                Map.of("email", email, "role", "MENTOR")).status()).isEqualTo(404);
        // a marker change behind them
        Instant marker = login.plus(Duration.ofDays(1));
        call(HttpMethod.POST, "/api/users/" + userId + "/logins", Map.of("at", marker.toString()));

        List<UserState> states = userStates(userId,
                r -> !r.isEmpty() && marker.equals(decode(r.getLast()).lastLoginAt())).stream().map(this::decode).toList();
        assertThat(states).extracting(UserState::revision).containsExactly(1L, 2L, 3L);
        assertThat(states).extracting(UserState::lastLoginAt).containsExactly(null, login, marker);
    }

    @Test
    void concurrentChangesOfOneUserAreAnnouncedWithStrictlyIncreasingRevisions() {
        String email = newEmail();
        List<String> platforms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            platforms.add(newPlatform());
        }
        String userId = member(platforms.getFirst(), email, "MENTOR");
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        // own threads: the common pool may have a single worker on a small machine
        try (ExecutorService pool = Executors.newFixedThreadPool(9)) {
            for (String p : platforms.subList(1, platforms.size())) {
                calls.add(CompletableFuture.supplyAsync(() -> join(p, email, "MENTEE"), pool));
            }
            for (int i = 0; i < 5; i++) {
                String at = Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofMinutes(i)).toString();
                calls.add(CompletableFuture.supplyAsync(() ->
                        call(HttpMethod.POST, "/api/users/" + userId + "/logins", Map.of("at", at)), pool));
            }
            assertThat(calls).allSatisfy(c -> assertThat(c.join().status()).isIn(201, 204));
        }
        long revision = jdbc.queryForObject("SELECT revision FROM users WHERE id = ?::uuid", Long.class, userId);

        List<UserState> states = userStates(userId, r -> !r.isEmpty() && decode(r.getLast()).revision() == revision)
                .stream().map(this::decode).toList();

        // in log order, each event is exactly one change after the one before
        assertThat(states).extracting(UserState::revision)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, revision).boxed().toList());
        UserState latest = states.getLast();
        assertThat(latest.memberships()).hasSize(5);
        assertThat(latest.lastLoginAt()).isEqualTo(Instant.parse("2025-01-01T00:04:00Z"));
    }
}
