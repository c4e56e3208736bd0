package dev.userdeletion.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one-command local run: starts PostgreSQL, Kafka and the four services, loads demo data, prints
 * where to look and runs until Ctrl-C, which stops everything cleanly. Data is kept in
 * {@code .local-data/} so a second start finds it again; {@code --fresh} starts empty.
 *
 * <p>Options (also as environment variables in capitals, e.g. {@code PG_PORT}): {@code --pg-port=5432} (the read
 * model's PostgreSQL server takes the next port),
 * {@code --kafka-port=9092}, {@code --smtp-port=3025}, {@code --gateway-port=8080}, {@code --data-dir=.local-data},
 * {@code --fresh}, {@code --no-demo-data}, {@code --instances=1} (instances of each service; with more than one, each
 * service's port is an address in front of its instances, which listen on the port + 100 × n: 8181, 8281, …).
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options = Options.parse(args);
        long started = System.nanoTime();
        Path root = Path.of("").toAbsolutePath();
        StackConfig config = new StackConfig(root, options.dataDir(), !options.fresh(), options.pgPort(),
                options.kafkaPort(), options.smtpPort(), StackConfig.Ports.DEFAULTS.withGateway(options.gatewayPort()),
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1")).withInstances(options.instances());
        System.out.println("Starting PostgreSQL, Kafka, four services" + (options.instances() > 1
                ? " (" + options.instances() + " instances of each)" : "") + " and the admin gateway (logs in "
                + options.dataDir().resolve("logs") + ") ...");
        Stack stack;
        try {
            stack = Stack.start(config);
        } catch (IllegalStateException e) {
            // a refusal that says what to do (kept data of an earlier layout, a service's jar not built): one line
            // for the person instead of a stack trace
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack ...");
            stack.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));

        if (options.demoData()) {
            System.out.println("Loading demo data through membership-service ...");
            Map<String, Integer> expected = new DemoData(
                    new ApiClient(stack.serviceUrl(Stack.MEMBERSHIP), stack.callers().backEnd()),
                    new ApiClient(stack.serviceUrl(Stack.MEMBERSHIP), stack.callers().provisioner())).load();
            awaitProjection(new ApiClient(stack.serviceUrl(Stack.USER_QUERY), stack.callers().adminOfPathPlatformElseCsm()),
                    expected);
        }
        printWhereToLook(stack, options, Duration.ofNanos(System.nanoTime() - started));
        if (options.instances() > 1) {
            printInstances(stack);
        }
        saveMailUntilStopped(stack, options.dataDir().resolve("mail"), stopped);
    }

    /** Every mail the services send is written to {@code <data-dir>/mail/NNNN.eml} and announced here. */
    private static void saveMailUntilStopped(Stack stack, Path dir, CountDownLatch stopped) throws InterruptedException {
        int saved = 0;
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            int now = stack.mail().saveNew(saved, dir);
            if (now > saved) {
                System.out.printf("%d new mail(s) in %s%n", now - saved, dir);
                saved = now;
            }
        }
    }

    /** The query service has every demo membership once the events have flowed through Kafka. */
    private static void awaitProjection(ApiClient userQuery, Map<String, Integer> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            boolean all = expected.entrySet().stream().allMatch(e -> {
                ApiClient.Response r = userQuery.get("/api/platforms/" + e.getKey() + "/users/count");
                return r.status() == 200 && r.body().get("count").asInt() >= e.getValue();
            });
            if (all) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500); // poll interval while events flow
        }
        System.out.println("Warning: user-query-service has not caught up with the demo data yet");
    }

    private static void printWhereToLook(Stack stack, Options options, Duration took) {
        String platform = DemoData.PLATFORMS.getFirst().id();
        System.out.printf("""

                The user deletion system is running (started in %d s). Ctrl-C stops everything.

                  Open the admin page:   %s
                  (sign in as the admin of a demo platform, or as the Customer Success Manager)

                  membership-service     %s   e.g. GET /api/platforms/%s
                  user-query-service     %s   e.g. GET /api/platforms/%s/users?role=MENTEE&sort=lastLoginAt,desc
                  deletion-orchestrator  %s   e.g. POST /api/platforms/%s/deletion-requests
                  notification-service   %s   e.g. GET /api/csm/follow-ups

                  Each service: /v3/api-docs (OpenAPI), /actuator/health, /actuator/prometheus (a SERVICE token for it)
                  PostgreSQL  jdbc:postgresql://localhost:%d/<membership|orchestrator|notification> (postgres/postgres)
                              jdbc:postgresql://localhost:%d/user_query (the read model's own server)
                  Kafka       %s
                  SMTP        localhost:%d (mail catcher; every mail is saved to %s)
                  Tokens      %s (client credentials: notification-service's 5-minute tokens for membership-service)
                  Logs        %s
                  Demo platforms: %s

                  Every API needs a bearer token (roles in README). Tokens valid %d h, signed with the key in %s;
                  each service accepts only tokens whose audience names it (people's tokens name all four):
                %s
                  Try: curl -H "Authorization: Bearer $ADMIN_TOKEN" '%s/api/platforms/%s/users?size=5'
                  More tokens: ./mint-token.sh --role=PLATFORM_ADMIN --platform=<id> [--sub=<id>] [--hours=12]
                               ./mint-token.sh --role=SERVICE --audience=user-query-service   (a back end's, for one service)
                """,
                took.toSeconds(),
                stack.baseUrl(Stack.GATEWAY),
                stack.serviceUrl(Stack.MEMBERSHIP), platform,
                stack.serviceUrl(Stack.USER_QUERY), platform,
                stack.serviceUrl(Stack.ORCHESTRATOR), platform,
                stack.serviceUrl(Stack.NOTIFICATION),
                stack.infrastructure().postgresPort(), stack.infrastructure().postgresPort("user_query"),
                stack.infrastructure().bootstrapServers(),
                stack.mail().port(), options.dataDir().resolve("mail").toAbsolutePath(), stack.tokenUri(),
                options.dataDir().resolve("logs").toAbsolutePath(),
                String.join(", ", DemoData.PLATFORMS.stream().map(DemoData.Platform::id).toList()),
                LocalCallers.VALIDITY.toHours(), options.dataDir().resolve("jwt").toAbsolutePath(),
                tokens(stack.callers()),
                stack.serviceUrl(Stack.USER_QUERY), platform);
    }

    /**
     * Every instance's URL. The service URLs printed above are addresses in front of the instances (round-robin,
     * skipping instances that are down); each consumer group splits its partitions among them, and one relay per
     * database is active.
     */
    private static void printInstances(Stack stack) {
        System.out.println("  Instances behind each service's address (kill one: the others carry on; see README,"
                + " Scale-out):");
        for (String service : List.of(Stack.MEMBERSHIP, Stack.USER_QUERY, Stack.ORCHESTRATOR, Stack.NOTIFICATION)) {
            for (String instance : stack.instances(service)) {
                System.out.printf("    %-26s %s (pid %d)%n", instance, stack.baseUrl(instance), stack.pid(instance));
            }
        }
    }

    /** Ready-to-paste shell assignments: an admin of each demo platform, a CSM, an auditor, two back ends. */
    private static String tokens(LocalCallers callers) {
        StringBuilder lines = new StringBuilder();
        for (DemoData.Platform platform : DemoData.PLATFORMS) {
            String variable = platform == DemoData.PLATFORMS.getFirst() ? "ADMIN_TOKEN"
                    : "ADMIN_TOKEN_" + platform.id().toUpperCase().replace('-', '_');
            lines.append("    # PLATFORM_ADMIN of ").append(platform.id()).append('\n')
                    .append("    export ").append(variable).append('=').append(callers.adminOf(platform.id())).append('\n');
        }
        lines.append("    # CSM (follow-ups, membership removal)\n    export CSM_TOKEN=").append(callers.csm()).append('\n');
        lines.append("    # AUDITOR (read deletion requests of any platform)\n    export AUDITOR_TOKEN=")
                .append(callers.auditor()).append('\n');
        lines.append("    # SERVICE for membership-service (the product's other back ends: members, logins, access lists)\n")
                .append("    export SERVICE_TOKEN=").append(callers.backEnd()).append('\n');
        lines.append("    # PLATFORM_PROVISIONER for membership-service (PUT /api/platforms/{id}: name, CSM and admin addresses)\n")
                .append("    export PROVISIONER_TOKEN=").append(callers.provisioner()).append('\n');
        return lines.toString();
    }

    record Options(Path dataDir, int pgPort, int kafkaPort, int smtpPort, int gatewayPort, boolean fresh,
                   boolean demoData, int instances) {

        static Options parse(String[] args) {
            Path dataDir = Path.of(setting(args, "data-dir", ".local-data"));
            int pgPort = Integer.parseInt(setting(args, "pg-port", "5432"));
            int kafkaPort = Integer.parseInt(setting(args, "kafka-port", "9092"));
            int smtpPort = Integer.parseInt(setting(args, "smtp-port", "3025"));
            int gatewayPort = Integer.parseInt(setting(args, "gateway-port", "8080"));
            boolean fresh = List.of(args).contains("--fresh");
            boolean demo = !List.of(args).contains("--no-demo-data");
            int instances = Integer.parseInt(setting(args, "instances", "1"));
            if (instances < 1 || instances > 9) {
                throw new IllegalArgumentException("--instances must be between 1 and 9");
            }
            return new Options(dataDir.toAbsolutePath(), pgPort, kafkaPort, smtpPort, gatewayPort, fresh, demo,
                    instances);
        }

        private static String setting(String[] args, String name, String fallback) {
            for (String arg : args) {
                if (arg.startsWith("--" + name + "=")) {
                    return arg.substring(name.length() + 3);
                }
            }
            String env = System.getenv(name.toUpperCase().replace('-', '_'));
            return env == null || env.isBlank() ? fallback : env;
        }
    }
}
