package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.localstack.erasure.CheckErasure;
import dev.userdeletion.testsupport.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deletion means gone, on the real stack with the erasure bound the shared stack runs with
 * ({@link RunningStack#ERASURE_BOUND}): after the bound, no table of any database and no record of any topic holds a
 * deleted user's email or state; a user rejected as multi-platform is intact everywhere; the erasure check finds a
 * user before and reports nothing personal after, and refuses bad input.
 */
class ErasureEndToEndIT {

    private static Stack stack;
    private static ServiceClients api;

    @BeforeAll
    static void services() {
        stack = RunningStack.get();
        api = ServiceClients.of(stack);
    }

    @Test
    void afterTheBoundNoDatabaseOrTopicHoldsADeletedUserWhileRejectedUsersStayIntact() throws Exception {
        String platform = platform();
        String other = platform();
        Map<String, String> gone = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String email = "Erase" + i + "-" + platform + "@Example.com";
            gone.put(member(platform, email, i % 2 == 0 ? "MENTOR" : "MENTEE"), email);
        }
        String firstGone = gone.keySet().iterator().next();
        assertThat(api.membership().put("/api/platforms/" + platform + "/access-list/" + gone.get(firstGone), null).status())
                .isEqualTo(204);
        assertThat(api.membership().post("/api/users/" + firstGone + "/logins", Map.of("at", "2025-01-01T00:00:00Z"))
                .status()).isEqualTo(204);
        String sharedEmail = "stays-" + platform + "@example.com";
        String shared = member(platform, sharedEmail, "MENTOR");
        member(other, sharedEmail, "MENTEE");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.userQuery().get("/api/platforms/" + platform
                + "/users?size=10").body().get("items").valueStream().filter(i -> i.get("platformCount").asInt() == 2)
                .count() == 1 && count(platform) == 4);

        // before: the check finds the user where the product keeps them
        Check before = check("--email=" + gone.get(firstGone).toUpperCase(Locale.ROOT));
        assertThat(before.status()).as(before.out()).isEqualTo(1);
        assertThat(before.out()).contains("Personal data", "database membership, table public.users",
                "database membership, table public.access_list", "database user_query",
                "database notification, table public.contact", "topic membership.user-state, partition");
        assertThat(check("--user-id=" + firstGone).out()).contains("database membership, table public.users",
                "database user_query", "topic membership.user-state");

        JsonNode done = deleteAll(platform, 4);
        assertThat(done.get("deleted").asInt()).isEqualTo(3);
        assertThat(done.get("rejected").asInt()).isEqualTo(1);

        // the auditor's receipt, from the event log: every user by id, no email
        ApiClient auditor = new ApiClient(stack.baseUrl(Stack.ORCHESTRATOR), stack.callers().auditor());
        String receiptPath = "/api/platforms/" + platform + "/deletion-requests/" + done.get("requestId").asString()
                + "/receipt";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ApiClient.Response r = auditor.get(receiptPath);
            return r.status() == 200 && !r.body().get("completedAt").isNull()
                    && r.body().get("counts").get("pending").asInt() == 0;
        });
        ApiClient.Response receipt = auditor.get(receiptPath);
        assertThat(receipt.body().get("counts").get("deleted").asInt()).isEqualTo(3);
        assertThat(receipt.body().get("counts").get("rejected").asInt()).isEqualTo(1);
        assertThat(receipt.body().get("users").valueStream().map(u -> u.get("userId").asString()).toList())
                .containsExactlyInAnyOrderElementsOf(concat(gone.keySet(), shared));
        assertThat(receipt.raw()).doesNotContain("@");

        // past the bound, the check finds no personal data of any deleted user, and the ids only in the audit trail
        await().atMost(RunningStack.ERASURE_BOUND.multipliedBy(6)).pollInterval(Duration.ofSeconds(2))
                .until(() -> gone.values().stream().allMatch(email -> check("--email=" + email).status() == 0));
        Check after = check("--user-id=" + firstGone, "--email=" + gone.get(firstGone));
        assertThat(after.status()).as(after.out()).isZero();
        assertThat(after.out()).contains("Result: NO PERSONAL DATA FOUND")
                .contains("topic deletion.commands", "topic deletion.outcomes")
                .doesNotContain("database membership, table public.users", "database user_query, table public.platform_user ");

        // and read independently: every record of every topic, every row of every table
        List<String> everything = new ArrayList<>();
        everything.addAll(everyRecord());
        everything.addAll(everyRow());
        for (Map.Entry<String, String> user : gone.entrySet()) {
            assertThat(everything).as("copies of a deleted email")
                    .noneMatch(text -> text.toLowerCase(Locale.ROOT).contains(user.getValue().toLowerCase(Locale.ROOT)));
        }
        assertThat(userStates()).as("a deleted user's UserState on membership.user-state")
                .noneMatch(r -> gone.containsKey(r.key()) && r.value() != null);

        // the user rejected as multi-platform is intact everywhere
        assertThat(api.membership().get("/api/users/" + shared).status()).isEqualTo(200);
        assertThat(userStates()).anyMatch(r -> shared.equals(r.key()) && r.value() != null);
        Check stays = check("--email=" + sharedEmail);
        assertThat(stays.status()).isEqualTo(1);
        assertThat(stays.out()).contains("database membership, table public.users", "database user_query",
                "database notification, table public.contact", "topic membership.user-state");
    }

    @Test
    void theCheckRefusesBadInputClearlyAndChangesNothing() {
        Check none = check();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("Give --user-id=<uuid> or --email=<address>");
        Check partial = check("--email=example.com");
        assertThat(partial.status()).isEqualTo(2);
        assertThat(partial.err()).contains("--email must be one whole email address");
        assertThat(check("--email=jane@").status()).isEqualTo(2);
        assertThat(check("--email=@example.com").status()).isEqualTo(2);
        assertThat(check("--email=a b@example.com").status()).isEqualTo(2);
        Check notAnId = check("--user-id=42");
        assertThat(notAnId.status()).isEqualTo(2);
        assertThat(notAnId.err()).contains("--user-id must be a user id");
        assertThat(check("--user-id=" + UUID.randomUUID(), "--colour=blue").err()).contains("Unknown option --colour");
        assertThat(check("jane@example.org").err()).contains("Unknown argument");
    }

    // --- helpers -------------------------------------------------------------------------------

    private record Check(int status, String out, String err) {
    }

    private static Check check(String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add("--bootstrap-servers=" + stack.infrastructure().bootstrapServers());
        args.add("--postgres=" + String.join(",", stack.infrastructure().postgresPorts().stream()
                .map(port -> "localhost:" + port).toList()));
        args.add("--data-dir=" + stack.log(Stack.MEMBERSHIP).getParent().getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CheckErasure.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Check(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Key, value and headers of every record of every topic, from the beginning, as text. */
    private static List<String> everyRecord() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().bootstrapServers()))) {
            for (String topic : admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(30, TimeUnit.SECONDS)) {
                for (ConsumerRecord<String, byte[]> r : readAll(topic)) {
                    StringBuilder text = new StringBuilder(topic).append(' ').append(r.key() == null ? "" : r.key())
                            .append(' ')
                            .append(string(r.value()));
                    for (Header h : r.headers()) {
                        text.append(' ').append(h.key()).append('=').append(string(h.value()));
                    }
                    texts.add(text.toString());
                }
            }
        }
        assertThat(texts).hasSizeGreaterThan(10);
        return texts;
    }

    private static List<ConsumerRecord<String, byte[]>> userStates() {
        return readAll("membership.user-state");
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return new TopicReader(stack.infrastructure().bootstrapServers()).readAll(topic);
    }

    /** Every row of every table of every database on every server, as PostgreSQL's text form of the row. */
    private static List<String> everyRow() throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> databases = new ArrayList<>();
        for (int port : stack.infrastructure().postgresPorts()) {
            String base = "jdbc:postgresql://localhost:" + port + "/";
            try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", "postgres");
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                    rows.addAll(rowsOf(base, rs.getString(1)));
                }
            }
        }
        assertThat(databases).contains("membership", "user_query", "orchestrator", "notification");
        return rows;
    }

    private static List<String> rowsOf(String base, String database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(base + database, "postgres", "postgres")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT quote_ident(table_schema) || '.' ||"
                    + " quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                    + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        rows.add(database + " " + table + " " + rs.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    private static List<String> concat(java.util.Collection<String> some, String one) {
        List<String> all = new ArrayList<>(some);
        all.add(one);
        return all;
    }

    private static String string(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String platform() {
        String id = "e2e-erase-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.provisioning().put("/api/platforms/" + id, Map.of("name", id, "csmEmail", "csm@example.com",
                "adminEmail", "admin@example.com")).status()).isEqualTo(201);
        return id;
    }

    private static String member(String platform, String email, String role) {
        ApiClient.Response r = api.membership().post("/api/platforms/" + platform + "/members",
                Map.of("email", email, "role", role));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("userId").asString();
    }

    private static int count(String platform) {
        return api.userQuery().get("/api/platforms/" + platform + "/users/count").body().get("count").asInt();
    }

    private static JsonNode deleteAll(String platform, int expected) {
        String path = "/api/platforms/" + platform + "/deletion-requests";
        ApiClient.Response created = api.orchestrator().post(path, null);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String request = path + "/" + created.body().get("requestId").asString();
        assertThat(api.orchestrator().put(request + "/selection", Map.of("mode", "ALL_USERS")).status()).isEqualTo(200);
        ApiClient.Response reviewed = api.orchestrator().post(request + "/review", null);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(expected);
        assertThat(api.orchestrator().post(request + "/confirmation", Map.of("typedCount", expected,
                "reviewVersion", reviewed.body().get("reviewVersion").asInt())).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "COMPLETED".equals(api.orchestrator().get(request).body().get("state").asString()));
        return api.orchestrator().get(request).body();
    }
}
