package dev.userdeletion.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.localstack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault harness at CI size, on a stack of its own: per scenario a deletion of 2,000 users, 100 of whom are also
 * on another platform and go to the CSM, who then removes them; the fault hits in the middle of it; afterwards every
 * invariant must hold. First with one instance of each service, one scenario per fault; then the stack grows to two
 * instances of every service (consumer groups split their partitions, one relay per database is active) and the
 * harness runs once more, killing one instance of every service mid-deletion. The last test takes Kafka and
 * PostgreSQL away for good and asks every instance to stop: each must exit within the shutdown bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultHarnessIT {

    private static final Logger log = LoggerFactory.getLogger(FaultHarnessIT.class);
    /** messaging.shutdown.deadline (25 s) and the JVM's own exit. */
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(30);
    private static final int PARTITIONS = 6;
    /** Consumer group → consumers per instance (user-query-service's projection runs three). */
    private static final Map<String, Integer> CONSUMER_GROUPS = Map.of("membership-service", 1,
            "user-query-service", 3, "deletion-orchestrator", 1, "notification-directory", 1,
            "notification-deletion-outcomes", 1, "notification-deletion-requests", 1);
    /** The services that relay an outbox, and their databases. */
    private static final Map<String, String> RELAYS = Map.of(Stack.MEMBERSHIP, Databases.MEMBERSHIP,
            Stack.ORCHESTRATOR, Databases.ORCHESTRATOR, Stack.NOTIFICATION, Databases.NOTIFICATION);

    private Stack stack;
    private FaultHarness harness;
    private final Map<String, Population> populations = new LinkedHashMap<>();
    private final List<FaultHarness.Outcome> outcomes = new ArrayList<>();

    @BeforeAll
    void start() {
        stack = FaultStacks.start("fault-stack", 1);
        harness = new FaultHarness(stack);
        for (Fault fault : Faults.all()) {
            populations.put(fault.name(), harness.populate(Integer.toString(populations.size()), FaultStacks.USERS,
                    FaultStacks.MULTI_PLATFORM_EVERY));
        }
    }

    @AfterAll
    void stop() throws Exception {
        String report = FaultReport.render(outcomes);
        log.info("Fault harness:\n{}", report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("fault-report.md"), report);
        }
        if (harness != null) {
            harness.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void killMinus9AndRestartMembershipService() throws Exception {
        survives(Faults.killAndRestart(Stack.MEMBERSHIP));
    }

    @Test
    @Order(2)
    void killMinus9AndRestartUserQueryService() throws Exception {
        survives(Faults.killAndRestart(Stack.USER_QUERY));
    }

    @Test
    @Order(3)
    void killMinus9AndRestartDeletionOrchestrator() throws Exception {
        survives(Faults.killAndRestart(Stack.ORCHESTRATOR));
    }

    @Test
    @Order(4)
    void killMinus9AndRestartNotificationService() throws Exception {
        survives(Faults.killAndRestart(Stack.NOTIFICATION));
    }

    /** Also: while the broker is away, every service's readiness says so (the fault waits for it). */
    @Test
    @Order(5)
    void stopAndRestartTheKafkaBroker() throws Exception {
        survives(Faults.restartKafka());
    }

    /** Also: while PostgreSQL is away, every service's readiness says so (the fault waits for it). */
    @Test
    @Order(6)
    void stopAndRestartPostgres() throws Exception {
        survives(Faults.restartPostgres());
    }

    @Test
    @Order(7)
    void stopAndRestartTheReadModelsPostgresAlone() throws Exception {
        survives(Faults.restartReadModelPostgres());
    }

    @Test
    @Order(8)
    void sigstopMembershipServicePastItsSessionTimeoutThenSigcont() throws Exception {
        survives(Faults.pausePastSessionTimeout(Stack.MEMBERSHIP, "membership-service"));
    }

    @Test
    @Order(9)
    void killMembershipServicesOutboxRelay() throws Exception {
        survives(Faults.killRelay(Stack.MEMBERSHIP));
    }

    @Test
    @Order(10)
    void withTwoInstancesEveryConsumerGroupSplitsItsPartitionsBetweenThem() {
        stack.scaleTo(2);
        KafkaView kafka = new KafkaView(stack.infrastructure().bootstrapServers());
        CONSUMER_GROUPS.forEach((group, perInstance) -> {
            // the new instances' consumers joined; the group settles once its rebalance is over
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Map<String, Set<TopicPartition>> members = kafka.members(group);
            while (!(members.size() == 2 * perInstance && members.values().stream().noneMatch(Set::isEmpty))
                    && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(500));
                members = kafka.members(group);
            }
            assertThat(members).as(group + ": one member per consumer of each instance").hasSize(2 * perInstance);
            assertThat(members.values()).as(group + ": every member holds partitions")
                    .allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(members.values().stream().flatMap(Set::stream).toList())
                    .as(group + ": each partition held once").doesNotHaveDuplicates().hasSize(PARTITIONS);
        });
    }

    @Test
    @Order(11)
    void withTwoInstancesExactlyOneRelayIsActivePerServiceDatabaseAndTheStandbyIsReady() {
        exactlyOneActiveRelayEach();
    }

    @Test
    @Order(12)
    void withTwoInstancesKillMinus9OneInstanceOfEveryServiceMidDeletion() throws Exception {
        Fault fault = Faults.killOneOfTwoInstances();
        survives(fault, harness.populate("two", FaultStacks.USERS, FaultStacks.MULTI_PLATFORM_EVERY));
        // the killed instances come back as standbys: still exactly one relay each
        List<String> down = new ArrayList<>();
        for (String service : List.of(Stack.MEMBERSHIP, Stack.USER_QUERY, Stack.ORCHESTRATOR, Stack.NOTIFICATION)) {
            stack.instances(service).stream().filter(i -> !stack.isAlive(i)).forEach(down::add);
        }
        assertThat(down).as("one instance of every service was killed").hasSize(4);
        down.parallelStream().forEach(stack::restart);
        exactlyOneActiveRelayEach();
    }

    @Test
    @Order(13)
    void everyServiceExitsWithinTheBoundOnSigtermOnceKafkaAndPostgresAreGone() throws Exception {
        stack.infrastructure().stopPostgres(); // first: its relays can still confirm the shutdown checkpoint
        stack.infrastructure().stopKafka();
        List<String> instances = stack.runningInstances();
        // gone, and noticed: no instance says it is ready any more
        FaultHarness.Run probe = harness.probe();
        probe.awaitUntil("no instance ready", () -> !probe.readiness().containsValue(200), Duration.ofMinutes(2));
        Map<String, Future<Duration>> exits = new LinkedHashMap<>();
        Map<String, Duration> took = new LinkedHashMap<>();
        try (ExecutorService signals = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String instance : instances) {
                exits.put(instance, signals.submit(() -> stack.terminate(instance, Duration.ofMinutes(2))));
            }
            for (var exit : exits.entrySet()) {
                took.put(exit.getKey(), exit.getValue().get());
            }
        }
        log.info("Exit on SIGTERM without Kafka and PostgreSQL: {}", took);
        assertThat(took).allSatisfy((instance, duration) -> assertThat(duration).as(instance + " exited")
                .isNotNull().isLessThanOrEqualTo(SHUTDOWN_BOUND));
    }

    private void exactlyOneActiveRelayEach() {
        FaultHarness.Run probe = harness.probe();
        RELAYS.forEach((service, database) -> {
            assertThat(probe.relaySessions(database)).as(database + ": relay locks held").isEqualTo(1);
            assertThat(probe.activeSlots(database)).as(database + ": slots streaming").isEqualTo(1);
            String active = probe.activeRelay(service, database);
            assertThat(active).as(service + ": the lock holder is one of its instances").isNotNull();
            List<String> standbys = stack.instances(service).stream().filter(i -> !i.equals(active)).toList();
            assertThat(standbys).hasSize(1).allSatisfy(standby -> assertThat(stack.readiness(standby))
                    .as(standby + " (standby) is ready").isEqualTo(200));
        });
    }

    private void survives(Fault fault) throws Exception {
        survives(fault, populations.get(fault.name()));
    }

    private void survives(Fault fault, Population population) throws Exception {
        FaultHarness.Outcome outcome = harness.run(fault, population);
        outcomes.add(outcome);
        assertThat(outcome.midway()).as("the fault hit midway: " + outcome.point()).isTrue();
        assertThat(outcome.checks()).allSatisfy(check -> assertThat(check.holds()).as(check.toString()).isTrue());
    }
}
