package dev.userdeletion.localstack.faults;

import dev.userdeletion.localstack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The faults of the harness, one scenario each. Every one waits for its chosen point in the deletion (polling the
 * services' databases every 20 ms), hits, and records whether the work it interrupted was demonstrably unfinished.
 */
public final class Faults {

    /** The databases of the services that relay an outbox. */
    private static final Map<String, String> RELAY_DATABASES = Map.of(Stack.MEMBERSHIP, Databases.MEMBERSHIP,
            Stack.ORCHESTRATOR, Databases.ORCHESTRATOR, Stack.NOTIFICATION, Databases.NOTIFICATION);

    private Faults() {
    }

    /** Every scenario of a one-instance stack, in the order the harness runs them. */
    public static List<Fault> all() {
        return List.of(killAndRestart(Stack.MEMBERSHIP), killAndRestart(Stack.USER_QUERY),
                killAndRestart(Stack.ORCHESTRATOR), killAndRestart(Stack.NOTIFICATION), restartKafka(),
                restartPostgres(), restartReadModelPostgres(),
                pausePastSessionTimeout(Stack.MEMBERSHIP, "membership-service"), killRelay(Stack.MEMBERSHIP));
    }

    /**
     * {@code kill -9} of a service at the moment it is in the middle of its part of the deletion, then a restart:
     * membership-service once it has executed its first commands, user-query-service once its read model has started
     * to shrink, the orchestrator once it has counted its first outcomes, notification-service once it has collected
     * its first rejection.
     */
    public static Fault killAndRestart(String service) {
        return new Fault("kill -9 " + service, run -> {
            Population pop = run.population();
            switch (service) {
                case Stack.MEMBERSHIP -> run.awaitMembershipDeleting();
                case Stack.USER_QUERY -> run.awaitUntil("the read model shrinking", () -> run.readModelLeft()
                        < pop.size(), Duration.ofMinutes(2));
                case Stack.ORCHESTRATOR -> run.awaitUntil("outcomes being counted", () -> run.undecided()
                        < pop.size(), Duration.ofMinutes(2));
                case Stack.NOTIFICATION -> run.awaitUntil("rejections being collected", () -> run.rejectionsCollected()
                        > 0, Duration.ofMinutes(2));
                default -> throw new IllegalArgumentException(service);
            }
            run.stack().kill(service);
            // the victim's database is frozen now: what it shows is what the victim had done
            String point;
            boolean midway;
            switch (service) {
                case Stack.MEMBERSHIP -> {
                    long left = run.singlesLeft();
                    point = "after " + (pop.singles().size() - left) + " of " + pop.singles().size()
                            + " single-platform users deleted";
                    midway = left > 0;
                }
                case Stack.USER_QUERY -> {
                    long left = run.readModelLeft() - pop.multis().size();
                    point = "with " + left + " deleted users still in the read model";
                    midway = left > 0;
                }
                case Stack.ORCHESTRATOR -> {
                    long left = run.undecided();
                    point = "after " + (pop.size() - left) + " of " + pop.size() + " outcomes counted";
                    midway = left > 0;
                }
                default -> {
                    long rejections = run.rejectionsCollected();
                    point = "after " + rejections + " of " + pop.multis().size() + " rejections collected";
                    midway = !run.completionHeard();
                }
            }
            long ended = System.nanoTime();
            run.stack().restart(service);
            return new Fault.Injected(point, midway, "restarted at once", ended);
        });
    }

    /** The broker stops (a controlled shutdown) while commands are executed, and starts again once every service says it is not ready. */
    public static Fault restartKafka() {
        return infrastructureRestart("stop and restart the Kafka broker", run -> run.stack().infrastructure().stopKafka(),
                run -> run.stack().infrastructure().startKafka());
    }

    /** PostgreSQL stops (a fast shutdown ends every session) while commands are executed, and starts again. */
    public static Fault restartPostgres() {
        return infrastructureRestart("stop and restart PostgreSQL", run -> {
            run.releaseConnections();
            run.stack().infrastructure().stopPostgres();
        }, run -> run.stack().infrastructure().startPostgres());
    }

    /**
     * Only the read model's PostgreSQL server stops while commands are executed (the read model has a server of its
     * own, which can fail alone): user-query-service says it is not ready while every other service still is, every
     * outcome is counted without the read model, and then the server starts again and the read model catches up.
     */
    public static Fault restartReadModelPostgres() {
        return new Fault("stop and restart the read model's PostgreSQL server", run -> {
            Population pop = run.population();
            run.awaitMembershipDeleting();
            long undecided = run.undecided();
            long stopped = System.nanoTime();
            run.releaseConnections();
            run.stack().infrastructure().stopPostgresOf(Databases.USER_QUERY);
            run.awaitUntil("user-query-service alone not ready", () -> {
                Map<String, Integer> readiness = run.readiness();
                return readiness.entrySet().stream().allMatch(instance -> instance.getKey().startsWith(Stack.USER_QUERY)
                        ? instance.getValue() != 200 : instance.getValue() == 200);
            }, Duration.ofMinutes(2));
            String observed = "user-query-service not ready, every other service ready, after "
                    + seconds(System.nanoTime() - stopped);
            run.awaitUntil("every outcome counted without the read model", () -> run.undecided() == 0,
                    Duration.ofMinutes(2));
            observed += "; every outcome counted " + seconds(System.nanoTime() - stopped) + " into the outage";
            long ended = System.nanoTime();
            run.stack().infrastructure().startPostgresOf(Databases.USER_QUERY);
            return new Fault.Injected("with " + undecided + " of " + pop.size() + " outcomes outstanding",
                    undecided > 0, observed, ended);
        });
    }

    /**
     * Once membership-service is deleting: {@code stop}, wait until no instance says it is ready, {@code start}. The
     * fault hit midway when outcomes were still outstanding.
     */
    private static Fault infrastructureRestart(String name, Consumer<FaultHarness.Run> stop,
                                               Consumer<FaultHarness.Run> start) {
        return new Fault(name, run -> {
            Population pop = run.population();
            run.awaitMembershipDeleting();
            long undecided = run.undecided();
            long stopped = System.nanoTime();
            stop.accept(run);
            String observed = awaitAllNotReady(run, stopped);
            long ended = System.nanoTime();
            start.accept(run);
            return new Fault.Injected("with " + undecided + " of " + pop.size() + " outcomes outstanding",
                    undecided > 0, observed, ended);
        });
    }

    /**
     * {@code SIGSTOP} of a service while it executes commands, until the broker has evicted it from its consumer group
     * (its session timed out) and its relay's lock session has idled out; then {@code SIGCONT}. It wakes up without
     * its partitions and without its lock, takes both again, and must not apply or relay anything twice.
     */
    public static Fault pausePastSessionTimeout(String service, String consumerGroup) {
        return new Fault("SIGSTOP " + service + " past its session timeout, then SIGCONT", run -> {
            Population pop = run.population();
            String database = RELAY_DATABASES.get(service);
            run.awaitMembershipDeleting();
            run.stack().pause(service);
            long paused = System.nanoTime();
            long left;
            long evicted;
            long lockFreed;
            try {
                left = run.singlesLeft();
                run.awaitUntil(service + " evicted from its consumer group",
                        () -> run.groupMembers(consumerGroup) == 0, Duration.ofMinutes(2));
                evicted = System.nanoTime();
                run.awaitUntil(service + "'s relay lock released", () -> run.relaySessions(database) == 0,
                        Duration.ofMinutes(2));
                lockFreed = System.nanoTime();
            } finally {
                run.stack().resume(service);
            }
            long ended = System.nanoTime();
            return new Fault.Injected("after " + (pop.singles().size() - left) + " of " + pop.singles().size()
                    + " single-platform users deleted", left > 0, "evicted from its group after "
                    + seconds(evicted - paused) + ", relay lock released after " + seconds(lockFreed - paused),
                    ended);
        });
    }

    /**
     * Ends the relay's sessions in its service's database (its lock and its replication stream) while it relays
     * outcomes, as a database failover or an operator would; the service process keeps running.
     */
    public static Fault killRelay(String service) {
        return new Fault("kill " + service + "'s outbox relay", run -> {
            Population pop = run.population();
            String database = RELAY_DATABASES.get(service);
            run.awaitMembershipDeleting();
            long undecided = run.undecided();
            String before = run.relayBackends(database);
            long killedAt = System.nanoTime();
            long sessions = run.killRelay(database);
            run.awaitUntil("the relay streaming again", () -> streamingAgain(run, database, before),
                    Duration.ofMinutes(2));
            return new Fault.Injected("with " + undecided + " of " + pop.size() + " outcomes outstanding", undecided > 0,
                    sessions + " sessions ended; streaming again after " + seconds(System.nanoTime() - killedAt),
                    killedAt);
        });
    }

    /**
     * On a stack with two instances of every service: {@code kill -9} of the instance whose relay is active for
     * membership-service, the orchestrator and notification-service, and of one user-query-service, all at once in
     * the middle of the deletion. The survivors take over the partitions and the relays; the killed instances stay
     * down until the request has completed.
     */
    public static Fault killOneOfTwoInstances() {
        return new Fault("kill -9 one of two instances of every service", run -> {
            Population pop = run.population();
            run.awaitMembershipDeleting();
            List<String> victims = new ArrayList<>();
            RELAY_DATABASES.forEach((service, database) -> {
                String active = run.activeRelay(service, database);
                if (active == null) {
                    throw new IllegalStateException("No active relay found for " + service);
                }
                victims.add(active);
            });
            victims.add(Stack.instanceName(Stack.USER_QUERY, 2));
            Map<String, String> before = new HashMap<>();
            RELAY_DATABASES.values().forEach(database -> before.put(database, run.relayBackends(database)));
            long undecided = run.undecided();
            long killedAt = System.nanoTime();
            victims.parallelStream().forEach(run.stack()::kill);
            long left = run.singlesLeft();
            RELAY_DATABASES.values().forEach(database -> run.awaitUntil("a standby relay active for " + database,
                    () -> streamingAgain(run, database, before.get(database)), Duration.ofMinutes(2)));
            return new Fault.Injected("after " + (pop.singles().size() - left) + " of " + pop.singles().size()
                    + " single-platform users deleted, " + undecided + " outcomes outstanding", left > 0
                    && undecided > 0, "killed " + victims + "; every relay active again on the survivors after "
                    + seconds(System.nanoTime() - killedAt), killedAt);
        });
    }

    /** One relay holds the lock and streams from the slot, through other backends than {@code before}'s. */
    private static boolean streamingAgain(FaultHarness.Run run, String database, String before) {
        String now = run.relayBackends(database);
        String[] was = before.split("/");
        String[] is = now.split("/");
        return !now.contains("-") && !is[0].equals(was[0]) && !is[1].equals(was[1]);
    }

    /** Waits until no running instance says it is ready (readiness 503, or no answer within 10 s). */
    private static String awaitAllNotReady(FaultHarness.Run run, long since) {
        run.awaitUntil("every service not ready", () -> run.readiness().values().stream().noneMatch(s -> s == 200),
                Duration.ofMinutes(2));
        return "every instance not ready (readiness " + run.readiness().values().stream().distinct().toList()
                + ") after " + seconds(System.nanoTime() - since);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }
}
