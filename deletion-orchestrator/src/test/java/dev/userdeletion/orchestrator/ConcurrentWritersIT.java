package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.testsupport.Response;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Two admins on one request (issue 18 A): a confirmation deletes exactly the snapshot it names, and writes that race
 * get a defined answer (412 with If-Match, 409 without), never a silent last-write-wins.
 */
class ConcurrentWritersIT extends IntegrationTest {

    private final String platform = newPlatform();

    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    @Autowired
    DataSource dataSource;

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private List<UUID> members(int count) {
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        return users;
    }

    @Test
    void aConfirmationOfAReviewThatWasReplacedDeletesNothing() {
        List<UUID> seenByAdmin1 = members(3);
        List<UUID> chosenByAdmin2 = members(3);
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, seenByAdmin1);
        int admin1Review = review(platform, requestId).body().get("reviewVersion").asInt();

        selectUsers(platform, requestId, chosenByAdmin2);
        Response admin2Review = review(platform, requestId);
        assertThat(admin2Review.body().get("count").asInt()).isEqualTo(3);
        assertThat(admin2Review.body().get("reviewVersion").asInt()).isNotEqualTo(admin1Review);

        Response admin1Confirms = confirm(platform, requestId, 3, admin1Review);
        assertProblem(admin1Confirms, 409, "review-changed");
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("REVIEWED");
        assertThat(kafka().commands(requestId)).isEmpty();

        int admin2Version = admin2Review.body().get("reviewVersion").asInt();
        assertThat(confirm(platform, requestId, 3, admin2Version).status()).isEqualTo(202);
        awaitCommands(requestId, 3);
        assertThat(kafka().commands(requestId)).flatExtracting(DeleteUsers::userIds)
                .containsExactlyInAnyOrderElementsOf(chosenByAdmin2);
    }

    @Test
    void everyRequestAnswerCarriesItsVersionAsETagAndIfMatchMakesWritesConditional() {
        List<UUID> users = members(2);
        UUID requestId = createRequest(platform);
        Response created = getRequest(platform, requestId);
        int version = created.body().get("version").asInt();
        assertThat(created.headers().getETag()).isEqualTo("\"" + version + "\"");

        String selection = request(platform, requestId) + "/selection";
        Map<String, Object> body = Map.of("mode", "USERS", "userIds", ids(users));
        Response changed = call(HttpMethod.PUT, selection, body, Map.of("If-Match", "\"" + version + "\""));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        int next = changed.body().get("version").asInt();
        assertThat(next).isEqualTo(version + 1);
        assertThat(changed.headers().getETag()).isEqualTo("\"" + next + "\"");

        String before = snapshotOf(requestId);
        // the version the first admin saw is gone: 412 and nothing changed, for a selection change and a review
        assertProblem(call(HttpMethod.PATCH, selection, Map.of("add", List.of(), "remove", ids(users)),
                Map.of("If-Match", "\"" + version + "\"")), 412, "precondition-failed");
        assertProblem(call(HttpMethod.POST, request(platform, requestId) + "/review", null,
                Map.of("If-Match", "\"" + version + "\"")), 412, "precondition-failed");
        // a weak tag never matches; a list matches if one of its tags does; anything else is not an entity tag
        assertProblem(call(HttpMethod.PUT, selection, body, Map.of("If-Match", "W/\"" + next + "\"")), 412,
                "precondition-failed");
        assertProblem(call(HttpMethod.PUT, selection, body, Map.of("If-Match", String.valueOf(next))), 400,
                "invalid-request");
        assertThat(snapshotOf(requestId)).isEqualTo(before);

        Response reviewed = call(HttpMethod.POST, request(platform, requestId) + "/review", null,
                Map.of("If-Match", "\"1\", \"" + next + "\""));
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("reviewVersion").asInt()).isEqualTo(next + 1);
        assertThat(call(HttpMethod.PUT, selection, body, Map.of("If-Match", "*")).status()).isEqualTo(200);
    }

    @Test
    void concurrentSelectionChangesSerialiseOnTheVersionAndTheLosersGet409() throws Exception {
        List<UUID> users = members(40);
        UUID requestId = createRequest(platform);
        int start = getRequest(platform, requestId).body().get("version").asInt();
        ExecutorService admins = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                List<UUID> mine = users.subList(i, Math.min(i + 5, users.size()));
                answers.add(admins.submit(() -> selectUsers(platform, requestId, mine)));
            }
            int won = 0;
            Set<Set<String>> winningSelections = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                if (r.status() == 200) {
                    won++;
                    winningSelections.add(new HashSet<>(texts(r.body().get("selection").get("userIds"))));
                } else {
                    assertProblem(r, 409, "concurrent-change");
                }
            }
            JsonNode after = getRequest(platform, requestId).body();
            // every write that answered 200 is one version; none was lost or applied twice
            assertThat(after.get("version").asInt()).isEqualTo(start + won);
            assertThat(winningSelections).contains(new HashSet<>(texts(after.get("selection").get("userIds"))));
        } finally {
            admins.shutdown();
        }
    }

    /**
     * A review and a selection change that both read the request before either writes: the test holds the request's
     * row lock until both wait for it, then lets them go. Exactly one wins; the other gets 409 and changes nothing.
     */
    @Test
    void aReviewAndASelectionChangeThatRaceEndWithOneWinnerAndA409() throws Exception {
        List<UUID> users = members(4);
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, users.subList(0, 2));
        CompletableFuture<Response> review;
        CompletableFuture<Response> change;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (var select = lock.prepareStatement("SELECT id FROM deletion_request WHERE id = ? FOR UPDATE")) {
                select.setObject(1, requestId);
                select.executeQuery().close();
            }
            review = CompletableFuture.supplyAsync(() -> review(platform, requestId), clients);
            change = CompletableFuture.supplyAsync(() -> patch(platform, requestId, users.subList(2, 4), List.of()),
                    clients);
            await().atMost(Duration.ofSeconds(30)).until(() -> writersWaiting() == 2);
            lock.commit();
        }
        Response reviewed = review.get();
        Response changed = change.get();
        JsonNode after = getRequest(platform, requestId).body();
        int frozen = jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?", Integer.class,
                requestId);
        if (reviewed.status() == 200) {
            assertProblem(changed, 409, "concurrent-change");
            assertThat(after.get("state").asString()).isEqualTo("REVIEWED");
            assertThat(texts(after.get("selection").get("userIds"))).hasSize(2);
            assertThat(frozen).isEqualTo(2);
        } else {
            assertProblem(reviewed, 409, "concurrent-change");
            assertThat(changed.status()).isEqualTo(200);
            assertThat(after.get("state").asString()).isEqualTo("DRAFT");
            assertThat(texts(after.get("selection").get("userIds"))).hasSize(4);
            assertThat(frozen).isZero();
        }
    }

    /** Writes of a request that wait for its row lock (each has read the request already). */
    private int writersWaiting() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE NOT l.granted AND a.query LIKE 'UPDATE deletion_request%'", Integer.class);
    }

    /**
     * Three admins change, review and confirm one request at once, many times: whoever gets a 202 had reviewed
     * exactly the users whose commands go out.
     */
    @Test
    void everyDeletedUserWasInTheSnapshotTheConfirmingAdminReviewed() throws Exception {
        for (int round = 0; round < 6; round++) {
            UUID requestId = createRequest(platform);
            List<List<UUID>> choices = List.of(members(2), members(3), members(4));
            ExecutorService admins = Executors.newFixedThreadPool(3);
            List<Future<Set<String>>> confirmedSnapshots = new ArrayList<>();
            try {
                for (List<UUID> choice : choices) {
                    confirmedSnapshots.add(admins.submit(() -> changeReviewConfirm(requestId, choice)));
                }
                List<Set<String>> winners = new ArrayList<>();
                for (Future<Set<String>> snapshot : confirmedSnapshots) {
                    if (snapshot.get() != null) {
                        winners.add(snapshot.get());
                    }
                }
                assertThat(winners).as("round %d: at most one confirmation goes through", round).hasSizeLessThan(2);
                if (winners.size() == 1) {
                    awaitCommands(requestId, winners.getFirst().size());
                    assertThat(kafka().commands(requestId)).flatExtracting(DeleteUsers::userIds)
                            .extracting(UUID::toString).containsExactlyInAnyOrderElementsOf(winners.getFirst());
                } else {
                    assertThat(kafka().commands(requestId)).isEmpty();
                }
            } finally {
                admins.shutdown();
            }
        }
    }

    /** One admin's try: its own selection, its review, its confirmation of what it saw; the snapshot if confirmed. */
    private Set<String> changeReviewConfirm(UUID requestId, List<UUID> choice) {
        if (selectUsers(platform, requestId, choice).status() != 200) {
            return null;
        }
        Response reviewed = review(platform, requestId);
        if (reviewed.status() != 200) {
            return null;
        }
        Set<String> seen = new HashSet<>(texts(reviewed.body().get("selection").get("userIds")));
        Response confirmed = confirm(platform, requestId, reviewed.body().get("count").asInt(),
                reviewed.body().get("reviewVersion").asInt());
        if (confirmed.status() != 202) {
            assertThat(confirmed.status()).as(confirmed.raw()).isIn(409, 422);
            return null;
        }
        return seen;
    }

    private void awaitCommands(UUID requestId, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka().commandIdsByUser(requestId).size() >= count);
    }

    private String snapshotOf(UUID requestId) {
        return jdbc.queryForList("SELECT * FROM deletion_request WHERE id = ?", requestId).toString()
                + jdbc.queryForList("SELECT user_id FROM selection_user WHERE request_id = ? ORDER BY user_id",
                UUID.class, requestId);
    }
}
