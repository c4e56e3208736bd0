package dev.userdeletion.localstack.faults;

import dev.userdeletion.localstack.Stack;
import dev.userdeletion.localstack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault harness at a size of your choosing ({@code ./benchmark.sh --faults --users=20000}): every scenario of
 * {@link Faults#all()} on one instance of each service, then two instances with one of each killed mid-deletion.
 * Prints the table and writes it to {@code local-stack/target/fault-report-<users>.md}. {@code FaultHarnessIT} runs the
 * same at 2,000 users in the test suite.
 */
public final class FaultRun {

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);

    /**
     * Settings that let a fault land in the middle of a deletion and keep a run short, all documented service
     * properties: chunks of 50 users, one per membership transaction, and 200 records per poll elsewhere (a deletion
     * takes many transactions per consumer instead of one or two; with the default 1,000-user chunks a 2,000-user
     * deletion is a single membership transaction), a 10 s consumer session (a frozen service is evicted sooner) and
     * a 6 s relay leader timeout.
     */
    public static final Map<String, String> STACK_SETTINGS = Map.of(
            "orchestrator.chunk-size", "50",
            "membership.deletion.chunks-per-transaction", "1",
            "spring.kafka.consumer.max-poll-records", "200",
            "orchestrator.outcomes.max-poll-records", "4",
            "spring.kafka.consumer.properties.session.timeout.ms", "10000",
            "messaging.relay.leader-check-interval", "1s",
            "messaging.relay.leader-timeout", "6s");

    private FaultRun() {
    }

    public static void main(String[] args) throws Exception {
        int users = 20_000;
        for (String arg : args) {
            if (arg.startsWith("--users=")) {
                users = Integer.parseInt(arg.substring("--users=".length()));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + " (--users=N)");
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path dataDir = Files.createTempDirectory("fault-run");
        List<FaultHarness.Outcome> outcomes = new ArrayList<>();
        try (Stack stack = Stack.start(new StackConfig(root, dataDir, false, 0, 0, 0, StackConfig.Ports.ANY_FREE,
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1")).withServiceAddresses()
                .withServiceProperties(STACK_SETTINGS).withoutGateway());
             FaultHarness harness = new FaultHarness(stack)) {
            int n = 0;
            for (Fault fault : Faults.all()) {
                outcomes.add(harness.run(fault, harness.populate("r" + n++, users, 20)));
            }
            stack.scaleTo(2);
            outcomes.add(harness.run(Faults.killOneOfTwoInstances(), harness.populate("r" + n, users, 20)));
        }
        String report = "Fault run, " + users + " users per scenario (`./benchmark.sh --faults --users=" + users
                + "`)\n\n" + FaultReport.render(outcomes);
        System.out.println(report);
        Path output = Path.of("local-stack/target/fault-report-" + users + ".md");
        Files.createDirectories(output.getParent());
        Files.writeString(output, report);
        log.info("Written to {}", output.toAbsolutePath());
        boolean allHold = outcomes.stream().allMatch(o -> o.invariantsHold() && o.midway());
        System.exit(allHold ? 0 : 1);
    }
}
