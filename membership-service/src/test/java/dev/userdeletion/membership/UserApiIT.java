package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.userdeletion.testsupport.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Members, accounts and logins: the shared-account rule and its concurrency. */
class UserApiIT extends IntegrationTest {

    @Test
    void aNewEmailGetsAnAccountAndAMembership() {
        String platform = newPlatform();
        Response created = join(platform, "  New.Person@Example.COM ", "MENTOR");

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String userId = created.body().get("userId").asString();
        assertThat(created.body().get("email").asString()).isEqualTo("new.person@example.com");
        assertThat(created.body().get("role").asString()).isEqualTo("MENTOR");
        assertThat(created.body().get("platformId").asString()).isEqualTo(platform);
        assertThat(created.headers().getLocation()).hasToString("/api/users/" + userId);

        Response user = get("/api/users/" + userId);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.body().get("userId").asString()).isEqualTo(userId);
        assertThat(user.body().get("email").asString()).isEqualTo("new.person@example.com");
        assertThat(user.body().get("lastLoginAt").isNull()).isTrue();
        JsonNode memberships = user.body().get("memberships");
        assertThat(memberships.size()).isEqualTo(1);
        assertThat(memberships.get(0).get("platformId").asString()).isEqualTo(platform);
        assertThat(memberships.get(0).get("role").asString()).isEqualTo("MENTOR");
        assertThat(Instant.parse(memberships.get(0).get("joinedAt").asString()))
                .isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(get("/api/platforms/" + platform).body().get("memberCount").asLong()).isEqualTo(1);
    }

    @Test
    void anEmailWithAnAccountKeepsItsUserIdOnASecondPlatformAndCannotJoinTheSamePlatformTwice() {
        String first = newPlatform();
        String second = newPlatform();
        String email = newEmail();
        String userId = member(first, email, "MENTOR");

        Response again = join(second, email.toUpperCase(), "MENTEE");
        assertThat(again.status()).as(again.raw()).isEqualTo(201);
        assertThat(again.body().get("userId").asString()).isEqualTo(userId);
        assertThat(again.body().get("role").asString()).isEqualTo("MENTEE");

        String before = snapshot();
        Response duplicate = join(first, email, "MENTEE");
        assertProblem(duplicate, 409, "already-member");
        assertThat(snapshot()).isEqualTo(before);

        JsonNode user = get("/api/users/" + userId).body();
        assertThat(user.get("memberships").valueStream().map(m -> m.get("platformId").asString() + ":"
                + m.get("role").asString()).toList()).containsExactly(first + ":MENTOR", second + ":MENTEE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE email = ?", Integer.class, email)).isOne();
    }

    @Test
    void aLoginSetsTheLastLoginAndNeverMovesItBack() {
        String userId = member(newPlatform(), newEmail(), "MENTEE");

        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        assertThat(call(HttpMethod.POST, "/api/users/" + userId + "/logins", null).status()).isEqualTo(204);
        Instant defaulted = lastLogin(userId);
        assertThat(defaulted).isBetween(before, Instant.now());

        Instant soon = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MICROS);
        assertThat(call(HttpMethod.POST, "/api/users/" + userId + "/logins", Map.of("at", soon.toString())).status())
                .as("a little clock skew is tolerated").isEqualTo(204);
        assertThat(lastLogin(userId)).isEqualTo(soon);

        String earlier = "2024-03-01T10:15:30.123456Z";
        assertThat(call(HttpMethod.POST, "/api/users/" + userId + "/logins", Map.of("at", earlier)).status())
                .isEqualTo(204);
        assertThat(lastLogin(userId)).as("a late report of an older login").isEqualTo(soon);
    }

    @Test
    void anExplicitLoginTimeIsStoredAsGiven() {
        String userId = member(newPlatform(), newEmail(), "MENTOR");
        Response r = call(HttpMethod.POST, "/api/users/" + userId + "/logins", "{\"at\":\"2025-01-02T03:04:05.678901Z\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(204);
        assertThat(lastLogin(userId)).isEqualTo(Instant.parse("2025-01-02T03:04:05.678901Z"));
    }

    @Test
    void simultaneousFirstJoinsOfOneEmailOnDifferentPlatformsShareOneAccount() throws Exception {
        int n = 6;
        List<String> platforms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            platforms.add(newPlatform());
        }
        String email = newEmail();
        List<Response> answers = simultaneously(platforms.stream()
                .<Callable<Response>>map(p -> () -> join(p, email, "MENTEE")).toList());

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.raw()).isEqualTo(201));
        List<String> ids = answers.stream().map(r -> r.body().get("userId").asString()).distinct().toList();
        assertThat(ids).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE email = ?", Integer.class, email)).isOne();
        assertThat(jdbc.queryForObject("SELECT revision FROM users WHERE email = ?", Long.class, email)).isEqualTo(n);
        assertThat(get("/api/users/" + ids.getFirst()).body().get("memberships").size()).isEqualTo(n);
    }

    @Test
    void simultaneousJoinsOfOneEmailOnOnePlatformMakeOneMember() throws Exception {
        String platform = newPlatform();
        String email = newEmail();
        List<Response> answers = simultaneously(java.util.stream.IntStream.range(0, 6)
                .<Callable<Response>>mapToObj(i -> () -> join(platform, email, "MENTOR")).toList());

        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(r -> r.status() != 201)
                .allSatisfy(r -> assertProblem(r, 409, "already-member"));
        assertThat(get("/api/platforms/" + platform).body().get("memberCount").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT revision FROM users WHERE email = ?", Long.class, email)).isEqualTo(1);
    }

    private Instant lastLogin(String userId) {
        JsonNode at = get("/api/users/" + userId).body().get("lastLoginAt");
        return at.isNull() ? null : Instant.parse(at.asString());
    }

    /** Runs the calls at the same moment, each on its own thread. */
    private static <T> List<T> simultaneously(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
