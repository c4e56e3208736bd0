package dev.userdeletion.localstack.benchmark;

import dev.userdeletion.localstack.ApiClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * "Delete every user of the platform" end to end through the orchestrator's public API: the review, then
 * confirmation until the request is {@code COMPLETED}. The limit ({@link #sqlLimit}) is one SQL transaction that
 * deletes the same users, memberships and access-list entries directly in membership-service's database; it is
 * run first and rolled back, so the end-to-end run then deletes exactly those rows.
 */
final class DeletionBenchmark {

    /** Counts that do not move for this long are a stall worth a look (the whole 100,000 take about 15 s). */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The single-transaction limit: how long it took and how many users it deleted. */
    record SqlLimit(double seconds, int deletedUsers) {
    }

    /**
     * @param confirmedAtNanos {@link System#nanoTime} when the confirmation was sent: what the consumers' catch-up
     *                         times are measured from
     * @param longestStillSeconds the longest time the request's counts did not move before it completed
     */
    record Result(int reviewed, int predictedRejections, double reviewSeconds, double deletionSeconds,
                  int deleted, int rejected, int alreadyGone, SqlLimit sql, long confirmedAtNanos,
                  double longestStillSeconds) {

        double usersPerSecond() {
            return reviewed / deletionSeconds;
        }

        double sqlUsersPerSecond() {
            return reviewed / sql.seconds();
        }

        /** End to end over the limit. */
        double ratio() {
            return deletionSeconds / sql.seconds();
        }
    }

    private final ApiClient orchestrator;
    private final String membershipJdbcUrl;
    private final String dbUser;
    private final String dbPassword;

    DeletionBenchmark(ApiClient orchestrator, String membershipJdbcUrl, String dbUser, String dbPassword) {
        this.orchestrator = orchestrator;
        this.membershipJdbcUrl = membershipJdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    /** The single-transaction limit: deletes the platform's single-platform users, then rolls back. */
    SqlLimit sqlLimit(String platformId) throws SQLException {
        try (Connection con = DriverManager.getConnection(membershipJdbcUrl, dbUser, dbPassword);
             Statement st = con.createStatement()) {
            con.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement doomed = con.prepareStatement("CREATE TEMP TABLE doomed ON COMMIT DROP AS"
                    + " SELECT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id AND m.platform_id = ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = u.id"
                    + " AND o.platform_id <> m.platform_id)");
                 PreparedStatement accessList = con.prepareStatement("DELETE FROM access_list a USING doomed d"
                         + " WHERE a.platform_id = ? AND a.email = d.email")) {
                doomed.setString(1, platformId);
                doomed.execute();
                accessList.setString(1, platformId);
                accessList.executeUpdate();
            }
            st.execute("DELETE FROM memberships m USING doomed d WHERE m.user_id = d.id");
            int users = st.executeUpdate("DELETE FROM users u USING doomed d WHERE u.id = d.id");
            double seconds = (System.nanoTime() - started) / 1e9;
            con.rollback();
            return new SqlLimit(seconds, users);
        }
    }

    /**
     * Deletes every user of {@code platformId} through the API; {@code limit} is that platform's {@link #sqlLimit}.
     * When the request's counts stop moving for {@link #STALL_NANOS}, {@code diagnostics} captures once what the
     * system was doing.
     */
    Result run(String platformId, SqlLimit limit, StallDiagnostics diagnostics) throws InterruptedException {
        String base = "/api/platforms/" + platformId + "/deletion-requests";
        ApiClient.Response created = expect(orchestrator.post(base, null), "create a deletion request");
        String request = base + "/" + created.body().get("requestId").asString();
        expect(orchestrator.put(request + "/selection", Map.of("mode", "ALL_USERS")), "select all users");

        long reviewStart = System.nanoTime();
        JsonNode review = expect(orchestrator.post(request + "/review", null), "review").body();
        double reviewSeconds = (System.nanoTime() - reviewStart) / 1e9;
        int count = review.get("count").asInt();

        long confirmStart = System.nanoTime();
        expect(orchestrator.post(request + "/confirmation", Map.of("typedCount", count, "reviewVersion",
                review.get("reviewVersion").asInt())), "confirm");
        JsonNode state;
        long movedAt = confirmStart;
        long longestStill = 0;
        int counted = 0;
        boolean captured = false;
        while (!"COMPLETED".equals((state = orchestrator.get(request).body()).get("state").asString())) {
            int now = state.get("deleted").asInt() + state.get("rejected").asInt() + state.get("alreadyGone").asInt();
            long at = System.nanoTime();
            if (now != counted) {
                counted = now;
                movedAt = at;
            }
            longestStill = Math.max(longestStill, at - movedAt);
            if (!captured && at - movedAt > STALL_NANOS) {
                captured = true;
                diagnostics.capture("the delete-all of " + platformId + " (" + counted + " of " + count
                        + " users counted)", (at - movedAt) / 1e9);
            }
            TimeUnit.MILLISECONDS.sleep(50); // poll until the last outcome is counted
        }
        long completedAt = System.nanoTime();
        longestStill = Math.max(longestStill, completedAt - movedAt);
        double deletionSeconds = (completedAt - confirmStart) / 1e9;
        return new Result(count, review.get("predictedRejections").asInt(), reviewSeconds, deletionSeconds,
                state.get("deleted").asInt(), state.get("rejected").asInt(), state.get("alreadyGone").asInt(),
                limit, confirmStart, longestStill / 1e9);
    }

    private static ApiClient.Response expect(ApiClient.Response response, String what) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException("Could not " + what + ": " + response.status() + " " + response.raw());
        }
        return response;
    }
}
