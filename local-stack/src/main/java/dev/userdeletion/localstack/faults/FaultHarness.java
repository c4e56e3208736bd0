package dev.userdeletion.localstack.faults;

import dev.userdeletion.localstack.ApiClient;
import dev.userdeletion.localstack.Stack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Drives one deletion per scenario through the public APIs on a running stack, lets the scenario's fault hit it at
 * its chosen point, waits until the system is healthy again, finishes the CSM follow-up (the CSM removes every refused
 * user from the platform), and checks the {@link Invariants}. What it measures (time to recover, to complete) is
 * reported, never asserted: the test asserts the invariants only.
 */
public final class FaultHarness implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultHarness.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private final Stack stack;
    private final Databases db;
    private final KafkaView kafka;
    private final Invariants invariants;

    public FaultHarness(Stack stack) {
        this.stack = stack;
        this.db = new Databases(stack.infrastructure());
        this.kafka = new KafkaView(stack.infrastructure().bootstrapServers());
        this.invariants = new Invariants(db, kafka, stack.mail());
    }

    /**
     * A scenario's deletion while it runs: what a fault needs to choose its moment and to prove that it hit midway.
     */
    public final class Run {

        private final Population population;
        private final UUID requestId;

        private Run(Population population, UUID requestId) {
            this.population = population;
            this.requestId = requestId;
        }

        public Stack stack() {
            return stack;
        }

        public Population population() {
            return population;
        }

        /** Memberships still on the platform in membership-service (the refused users stay). */
        public long membershipsLeft() {
            return db.count(Databases.MEMBERSHIP, "SELECT count(*) FROM memberships WHERE platform_id = ?",
                    population.platform());
        }

        /** Single-platform users membership-service has not deleted yet. */
        public long singlesLeft() {
            return membershipsLeft() - population.multis().size();
        }

        /** Rows of the platform still in the read model. */
        public long readModelLeft() {
            return db.count(Databases.USER_QUERY, "SELECT count(*) FROM platform_user WHERE platform_id = ?",
                    population.platform());
        }

        /** Items of the request the orchestrator has no outcome for yet. */
        public long undecided() {
            return db.count(Databases.ORCHESTRATOR,
                    "SELECT count(*) FROM deletion_item WHERE request_id = ? AND outcome IS NULL", requestId);
        }

        /** Rejections notification-service has collected for the request. */
        public long rejectionsCollected() {
            return db.count(Databases.NOTIFICATION, "SELECT count(*) FROM rejection WHERE request_id = ?", requestId);
        }

        /** Whether notification-service has heard that the request completed. */
        public boolean completionHeard() {
            return db.count(Databases.NOTIFICATION, "SELECT count(*) FROM deletion_request WHERE request_id = ?"
                    + " AND completed_at IS NOT NULL", requestId) > 0;
        }

        /** The instance whose relay is active for {@code database}, found from the lock holder's session. */
        public String activeRelay(String service, String database) {
            List<String> holders = db.query(database, "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
                    + " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
                    + " AND a.application_name LIKE"
                    + " 'outbox-relay %'", rs -> rs.getString(1));
            for (String instance : stack.instances(service)) {
                if (stack.isAlive(instance) && holders.stream().anyMatch(h -> h.endsWith("/" + stack.pid(instance)))) {
                    return instance;
                }
            }
            return null;
        }

        /** Sessions of {@code database} whose relay lock is held, and replication connections streaming from it. */
        public long relaySessions(String database) {
            return db.count(database, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
                    + " AND a.application_name LIKE 'outbox-relay %'");
        }

        /**
         * The backends of the relay of {@code database}: the lock holder's and the one streaming from the slot, e.g.
         * "1234/1240"; "-" for one that is missing. A relay that came back has other backends.
         */
        public String relayBackends(String database) {
            List<Integer> holder = db.query(database, "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a"
                    + " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
                    + " AND a.application_name LIKE"
                    + " 'outbox-relay %'", rs -> rs.getInt(1));
            List<Integer> streaming = db.query(database, "SELECT active_pid FROM pg_replication_slots"
                    + " WHERE database = ? AND active", rs -> rs.getInt(1), database);
            return (holder.size() == 1 ? holder.getFirst().toString() : "-") + "/"
                    + (streaming.size() == 1 ? streaming.getFirst().toString() : "-");
        }

        public long activeSlots(String database) {
            return db.count(database, "SELECT count(*) FROM pg_replication_slots WHERE database = ? AND active",
                    database);
        }

        /** Ends the relay's sessions in {@code database}: its lock and its replication stream (as an operator could). */
        public long killRelay(String database) {
            return db.count(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?"
                    + " AND (application_name LIKE 'outbox-relay %' OR pid IN (SELECT active_pid FROM"
                    + " pg_replication_slots WHERE database = ? AND active_pid IS NOT NULL))", database, database);
        }

        /** Members of a consumer group (they are evicted once their session times out). */
        public int groupMembers(String group) {
            return kafka.members(group).size();
        }

        /** Readiness of every running instance: instance → HTTP status (200 ready, 503 not, -1 no answer). */
        public Map<String, Integer> readiness() {
            Map<String, Future<Integer>> asked = new LinkedHashMap<>();
            Map<String, Integer> status = new LinkedHashMap<>();
            try (ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String instance : stack.runningInstances()) {
                    asked.put(instance, askers.submit(() -> stack.readiness(instance)));
                }
                for (var answer : asked.entrySet()) {
                    status.put(answer.getKey(), answer.getValue().get());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("Asking for readiness failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return status;
        }

        /** Closes the harness's own database connections (before PostgreSQL is stopped on purpose). */
        public void releaseConnections() {
            db.close();
        }

        /** Waits until membership-service has deleted its first single-platform users: a deletion midway. */
        public void awaitMembershipDeleting() {
            awaitUntil("membership-service deleting", () -> singlesLeft() < population.singles().size(),
                    Duration.ofMinutes(2));
        }

        /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeout}. */
        public void awaitUntil(String what, BooleanSupplier condition, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Not seen within " + timeout.toSeconds() + " s: " + what);
                }
                sleep(POLL);
            }
        }
    }

    /** What a scenario did and found. */
    public record Outcome(String fault, int users, String point, boolean midway, String observed, Duration recovery,
                          Duration completion, Invariants.Result invariants) {

        public boolean invariantsHold() {
            return invariants.allHold();
        }

        public List<Invariants.Check> checks() {
            return invariants.checks();
        }
    }

    /** A view of the stack without a deletion: relays, consumer groups, readiness. */
    public Run probe() {
        return new Run(null, null);
    }

    /** Seeds a scenario's users and waits until the read model and the notification directory know them all. */
    public Population populate(String name, int users, int multiPlatformEvery) {
        String platform = "f-" + name + "-" + Long.toString(System.nanoTime(), 36);
        long started = System.nanoTime();
        Population pop = Population.seed(stack.infrastructure(), platform, users, multiPlatformEvery);
        List<UUID> all = new java.util.ArrayList<>(pop.singles());
        all.addAll(pop.multis());
        Run probe = new Run(pop, null);
        probe.awaitUntil("the read model and the directory have " + pop.platform() + "'s " + users + " users",
                () -> probe.readModelLeft() == users && db.count(Databases.NOTIFICATION,
                        "SELECT count(*) FROM contact WHERE user_id = ANY(?) AND email IS NOT NULL", all) == users,
                Duration.ofMinutes(2));
        log.info("Seeded {} users on {} in {} ms", users, platform, (System.nanoTime() - started) / 1_000_000);
        return pop;
    }

    /** Runs {@code fault} against a deletion of every user of {@code pop}'s platform. */
    public Outcome run(Fault fault, Population pop) throws Exception {
        Map<TopicPartition, Long> deadLettersBefore = kafka.deadLetterEnds();
        ApiClient orchestrator = new ApiClient(stack.serviceUrl(Stack.ORCHESTRATOR),
                stack.callers().adminOfPathPlatformElseCsm());
        String base = "/api/platforms/" + pop.platform() + "/deletion-requests";
        UUID requestId = UUID.fromString(expect(orchestrator.post(base, null), 201, "create a request").body()
                .get("requestId").asString());
        String request = base + "/" + requestId;
        expect(orchestrator.put(request + "/selection", Map.of("mode", "ALL_USERS")), 200, "select every user");
        JsonNode review = expect(orchestrator.post(request + "/review", null), 200, "review").body();
        int frozen = review.get("count").asInt();
        expect(orchestrator.post(request + "/confirmation", Map.of("typedCount", frozen,
                "reviewVersion", review.get("reviewVersion").asInt())), 202, "confirm");
        long confirmed = System.nanoTime();
        log.info("Scenario '{}': deleting {} users of {} ({} on another platform too), request {}", fault.name(), frozen,
                pop.platform(), pop.multis().size(), requestId);

        Run run = new Run(pop, requestId);
        Fault.Injected injected = fault.inject(run);
        log.info("Scenario '{}': fault hit {}; {}", fault.name(), injected.point(), injected.observed());
        stack.awaitHealthy(Duration.ofMinutes(3));
        Duration recovery = Duration.ofNanos(System.nanoTime() - injected.faultEnded());

        awaitValue("request " + requestId + " COMPLETED", () -> orchestrator.get(request),
                r -> r.status() == 200 && "COMPLETED".equals(r.body().get("state").asString()), Duration.ofMinutes(5));
        Duration completion = Duration.ofNanos(System.nanoTime() - confirmed);

        followUp(pop, requestId);

        Invariants.Result result = settle(pop, requestId, frozen, deadLettersBefore);
        Outcome outcome = new Outcome(fault.name(), frozen, injected.point(), injected.midway(), injected.observed(),
                recovery, completion, result);
        log.info("Scenario '{}': recovered in {} ms, completed {} ms after confirmation; invariants:\n  {}",
                fault.name(), recovery.toMillis(), completion.toMillis(),
                String.join("\n  ", result.checks().stream().map(Invariants.Check::toString).toList()));
        return outcome;
    }

    /** The CSM removes every refused user from the platform: each item resolves, the case closes. */
    private void followUp(Population pop, UUID requestId) {
        ApiClient notification = new ApiClient(stack.serviceUrl(Stack.NOTIFICATION),
                stack.callers().adminOfPathPlatformElseCsm());
        ApiClient csm = new ApiClient(stack.serviceUrl(Stack.MEMBERSHIP), stack.callers().csm());
        JsonNode cases = awaitValue("the CSM case of " + requestId + " with " + pop.multis().size() + " users",
                () -> notification.get("/api/csm/follow-ups?platformId=" + pop.platform()),
                r -> r.status() == 200 && r.body().size() == 1 && r.body().get(0).get("items").size() == pop.multis().size(),
                Duration.ofMinutes(3)).body();
        String caseId = cases.get(0).get("caseId").asString();
        for (UUID user : pop.multis()) {
            expect(csm.delete("/api/platforms/" + pop.platform() + "/members/" + user), 204, "remove a refused user");
        }
        awaitValue("case " + caseId + " CLOSED", () -> notification.get("/api/csm/follow-ups/" + caseId),
                r -> r.status() == 200 && "CLOSED".equals(r.body().get("state").asString()), Duration.ofMinutes(2));
    }

    /**
     * Checks the invariants until they hold or the system has settled: nothing pending any more (no lag, no outbox
     * row, no unsent mail, the case closed) means nothing can change them later.
     */
    private Invariants.Result settle(Population pop, UUID requestId, int frozen,
                                     Map<TopicPartition, Long> deadLettersBefore) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Invariants.Result result = invariants.check(pop, requestId, frozen, deadLettersBefore, Map.of());
            if (result.allHold() || System.nanoTime() > deadline) {
                return result;
            }
            sleep(Duration.ofSeconds(2));
        }
    }

    private static ApiClient.Response awaitValue(String what,
            Supplier<ApiClient.Response> call, java.util.function.Predicate<ApiClient.Response> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ApiClient.Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = call.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                // the service is not answering yet
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("Not seen within " + timeout.toSeconds() + " s: " + what + "; last answer "
                + (last == null ? "none" : last.status() + " " + last.raw()));
    }

    private static ApiClient.Response expect(ApiClient.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException("Could not " + what + ": " + response.status() + " " + response.raw());
        }
        return response;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
