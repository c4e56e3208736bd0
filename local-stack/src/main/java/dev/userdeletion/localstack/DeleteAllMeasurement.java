package dev.userdeletion.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Measures a "delete every user of the platform" request end to end on the real local stack: N users
 * created through membership-service, then review, then confirmation until COMPLETED. Prints figures;
 * asserts nothing. Run: {@code java -cp local-stack/target/local-stack.jar
 * -Dloader.main=dev.userdeletion.localstack.DeleteAllMeasurement org.springframework.boot.loader.launch.PropertiesLauncher 10000}.
 */
public final class DeleteAllMeasurement {

    private DeleteAllMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dataDir = Files.createTempDirectory("delete-all-measurement");
        StackConfig config = new StackConfig(Path.of("").toAbsolutePath(), dataDir, false, 0, 0, 0,
                StackConfig.Ports.ANY_FREE, List.of("-Xmx512m"));
        try (Stack stack = Stack.start(config)) {
            String platform = "measure-" + users;
            ApiClient membership = new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), stack.callers().backEnd());
            ApiClient userQuery = new ApiClient(stack.baseUrl(Stack.USER_QUERY), stack.callers().adminOf(platform));
            ApiClient orchestrator = new ApiClient(stack.baseUrl(Stack.ORCHESTRATOR), stack.callers().adminOf(platform));
            membership.put("/api/platforms/" + platform, Map.of("name", platform, "csmEmail", "csm@example.com",
                    "adminEmail", "admin@example.com"));
            long loadStart = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String email = "user" + i + "@measure.example";
                calls.add(pool.submit(() -> membership.post("/api/platforms/" + platform + "/members",
                        Map.of("email", email, "role", "MENTEE"))));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            pool.shutdown();
            while (userQuery.get("/api/platforms/" + platform + "/users/count").body().get("count").asInt() < users) {
                TimeUnit.MILLISECONDS.sleep(100); // poll while the projection catches up
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            String base = "/api/platforms/" + platform + "/deletion-requests";
            String request = orchestrator.post(base, Map.of()).body().get("requestId").asString();
            orchestrator.put(base + "/" + request + "/selection", Map.of("mode", "ALL_USERS"));
            long reviewStart = System.nanoTime();
            int count = orchestrator.post(base + "/" + request + "/review", Map.of()).body().get("count").asInt();
            double reviewSeconds = (System.nanoTime() - reviewStart) / 1e9;

            long confirmStart = System.nanoTime();
            orchestrator.post(base + "/" + request + "/confirmation", Map.of("typedCount", count));
            while (!"COMPLETED".equals(orchestrator.get(base + "/" + request).body().get("state").asString())) {
                TimeUnit.MILLISECONDS.sleep(100); // poll until every outcome is counted
            }
            double deleteSeconds = (System.nanoTime() - confirmStart) / 1e9;
            var done = orchestrator.get(base + "/" + request).body();
            System.out.printf("%nusers created and projected: %d in %.1f s%n", users, loadSeconds);
            System.out.printf("review of %d users: %.2f s%n", count, reviewSeconds);
            System.out.printf("confirmation -> COMPLETED: %.2f s (%.0f users/s), deleted %d, rejected %d%n",
                    deleteSeconds, count / deleteSeconds, done.get("deleted").asInt(), done.get("rejected").asInt());
        }
    }
}
