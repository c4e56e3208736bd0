package dev.userdeletion.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo data loaded through membership-service's public API, so it flows to the other services the
 * way real data does: three platforms, a few thousand users of both roles, about 5% on two
 * platforms, last logins spread over two years and 15% who never logged in. Loading again changes
 * nothing.
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    public record Platform(String id, String name, int users) {
    }

    public static final List<Platform> PLATFORMS = List.of(
            new Platform("acme-academy", "Acme Academy", 1500),
            new Platform("globex-mentoring", "Globex Mentoring", 1000),
            new Platform("initech-careers", "Initech Careers", 500));

    private static final String[] FIRST = {"ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken",
            "frances", "edsger", "radia", "tim", "hedy", "john", "katherine", "donald"};
    private static final String[] LAST = {"lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov",
            "thompson", "allen", "dijkstra", "perlman", "berners-lee", "lamarr", "backus", "johnson", "knuth"};

    private final ApiClient membership;
    private final ApiClient provisioning;

    /**
     * @param membership   membership-service as a back end (SERVICE): members and logins
     * @param provisioning membership-service as the platform-provisioning back end (PLATFORM_PROVISIONER)
     */
    public DemoData(ApiClient membership, ApiClient provisioning) {
        this.membership = membership;
        this.provisioning = provisioning;
    }

    /** Loads the demo data unless it is there already; returns the expected member count per platform. */
    public Map<String, Integer> load() {
        Instant now = Instant.now();
        Random random = new Random(42);
        for (Platform p : PLATFORMS) {
            ApiClient.Response provisioned = provisioning.put("/api/platforms/" + p.id(), Map.of("name", p.name(),
                    "csmEmail", "csm+" + p.id() + "@example.com", "adminEmail", "admin+" + p.id() + "@example.com"));
            if (provisioned.status() != 200 && provisioned.status() != 201) {
                throw new IllegalStateException("Provisioning demo platform " + p.id() + " failed with "
                        + provisioned.status() + ": " + provisioned.raw());
            }
        }
        List<Runnable> calls = new ArrayList<>();
        Map<String, Integer> expected = new java.util.HashMap<>();
        int n = 0;
        for (Platform p : PLATFORMS) {
            expected.merge(p.id(), p.users(), Integer::sum);
            for (int i = 0; i < p.users(); i++, n++) {
                String email = FIRST[random.nextInt(FIRST.length)] + "." + LAST[random.nextInt(LAST.length)] + n
                        + "@example.com";
                String role = random.nextInt(10) < 3 ? "MENTOR" : "MENTEE";
                Instant login = random.nextInt(100) < 15 ? null
                        : now.minus(Duration.ofMinutes(random.nextInt(2 * 365 * 24 * 60)));
                String second = random.nextInt(100) < 5 ? otherPlatform(p, random) : null;
                if (second != null) {
                    expected.merge(second, 1, Integer::sum);
                }
                calls.add(() -> createUser(p.id(), email, role, login, second));
            }
        }
        if (alreadyLoaded(expected)) {
            log.info("Demo data already in place");
            return expected;
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = calls.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Loading demo data failed", e);
        } finally {
            pool.shutdownNow();
        }
        log.info("Demo data in place: {} users on {} platforms", n, PLATFORMS.size());
        return expected;
    }

    /** A second start finds the data of the first: nothing to load when every platform has its members. */
    private boolean alreadyLoaded(Map<String, Integer> expected) {
        return expected.entrySet().stream().allMatch(e -> {
            ApiClient.Response platform = membership.get("/api/platforms/" + e.getKey());
            return platform.status() == 200 && platform.body().get("memberCount").asInt() >= e.getValue();
        });
    }

    private void createUser(String platform, String email, String role, Instant login, String secondPlatform) {
        ApiClient.Response created = membership.post("/api/platforms/" + platform + "/members",
                Map.of("email", email, "role", role));
        if (created.status() == 409) {
            return; // loaded by an earlier start
        }
        if (created.status() != 201) {
            throw new IllegalStateException("Creating a demo member failed with " + created.status() + ": " + created.raw());
        }
        String userId = created.body().get("userId").asString();
        if (login != null) {
            membership.post("/api/users/" + userId + "/logins", Map.of("at", login.toString()));
        }
        if (secondPlatform != null) {
            membership.post("/api/platforms/" + secondPlatform + "/members", Map.of("email", email, "role", role));
        }
    }

    private static String otherPlatform(Platform p, Random random) {
        List<Platform> others = PLATFORMS.stream().filter(o -> !o.equals(p)).toList();
        return others.get(random.nextInt(others.size())).id();
    }
}
