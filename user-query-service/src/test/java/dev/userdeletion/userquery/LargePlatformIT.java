package dev.userdeletion.userquery;

import static dev.userdeletion.contracts.Role.MENTEE;
import static dev.userdeletion.contracts.Role.MENTOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.UserState;
import dev.userdeletion.testsupport.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A platform larger than one cursor fetch and one lookup: the id list streams every id exactly once, pages
 * and counts agree, and a backlog is caught up with in batches (the rate is logged, not asserted: this is
 * not the benchmark, and the build machine is shared).
 */
class LargePlatformIT extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(LargePlatformIT.class);
    private static final int USERS = 12_000;
    private static final Duration BACKLOG_PATIENCE = Duration.ofMinutes(3);

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aLargePlatformIsIngestedInBatchesAndStreamedCompletely() throws Exception {
        String platform = newPlatform();
        String other = newPlatform();
        List<UUID> ids = new ArrayList<>(USERS);
        Set<String> mentors = new HashSet<>();
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        // a backlog, as after a deployment or a replay: published while the projection is stopped
        MessageListenerContainer projection = listeners.getListenerContainer("user-state-projection");
        projection.stop();
        List<Future<RecordMetadata>> acks = new ArrayList<>(USERS);
        for (int i = 0; i < USERS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            boolean mentor = i % 3 == 0;
            if (mentor) {
                mentors.add(id.toString());
            }
            Instant login = i % 5 == 0 ? null : base.plus(Duration.ofMinutes(i));
            UserState.Membership[] memberships = i % 10 == 0
                    ? new UserState.Membership[] {member(platform, mentor ? MENTOR : MENTEE), member(other, MENTEE)}
                    : new UserState.Membership[] {member(platform, mentor ? MENTOR : MENTEE)};
            UserState state = state(id, "user" + i + "@large.example.com", login, 1, memberships);
            acks.add(sendAsync(id.toString(), encode(state), UUID.randomUUID().toString(), "UserState", "1"));
        }
        long started;
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } finally {
            started = System.nanoTime();
            projection.start();
        }
        // a correctness check, not a timing one: a backlog on a loaded 2-core machine (a rebalance, three consumers,
        // PostgreSQL) may take longer than the single-event waits of the other tests
        awaitCount(platform, USERS, BACKLOG_PATIENCE);
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("Caught up with a backlog of {} user states in {} s ({} events/s, consumer group rejoin included)",
                USERS, String.format("%.2f", seconds), Math.round(USERS / seconds));
        awaitCount(other, USERS / 10);

        List<String> streamed = strings(ok("/api/platforms/" + platform + "/user-ids"));
        assertThat(streamed).hasSize(USERS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
        assertThat(strings(ok("/api/platforms/" + platform + "/user-ids?role=MENTOR")))
                .containsExactlyInAnyOrderElementsOf(mentors);

        JsonNode lastPage = ok("/api/platforms/" + platform + "/users?size=200&page=59&sort=lastLoginAt,desc");
        assertThat(lastPage.get("totalElements").asInt()).isEqualTo(USERS);
        assertThat(lastPage.get("totalPages").asInt()).isEqualTo(60);
        assertThat(lastPage.get("items")).hasSize(200);
        // never-logged-in users come last when sorting by last login, descending
        assertThat(lastPage.get("items").get(199).get("lastLoginAt").isNull()).isTrue();
        assertThat(ok("/api/platforms/" + platform + "/users/count?lastLoginOnOrBefore=2024-12-31")
                .get("count").asInt()).isEqualTo(USERS / 5);

        // a common email term: counted up to 1,000, then the total says it is a lower bound
        JsonNode common = ok("/api/platforms/" + platform + "/users?email=large.example&size=50");
        assertThat(common.get("totalIsExact").asBoolean()).isFalse();
        assertThat(common.get("totalElements").asInt()).isEqualTo(1_000);
        assertThat(common.get("items")).hasSize(50);
        assertThat(ok("/api/platforms/" + platform + "/users/count?email=large.example").get("count").asInt())
                .as("the count endpoint stays exact").isEqualTo(USERS);
        JsonNode rare = ok("/api/platforms/" + platform + "/users?email=user1234@");
        assertThat(rare.get("totalIsExact").asBoolean()).isTrue();
        assertThat(rare.get("totalElements").asInt()).isEqualTo(1);
        assertThat(lastPage.get("totalIsExact").asBoolean()).as("without an email term the total is exact").isTrue();
        // a page past the bound: every user matches the term, so the page is the same as without it (both sorts)
        for (String sort : List.of("email", "lastLoginAt,desc")) {
            JsonNode deep = ok("/api/platforms/" + platform + "/users?email=large.example&size=200&page=40&sort=" + sort);
            assertThat(ids(deep)).as(sort).hasSize(200).containsExactlyElementsOf(
                    ids(ok("/api/platforms/" + platform + "/users?size=200&page=40&sort=" + sort)));
            assertThat(deep.get("totalIsExact").asBoolean()).isFalse();
            assertThat(deep.get("totalElements").asInt()).isEqualTo(1_000);
        }
        // user99, user990-999, user9900-9999: 111 matches, counted exactly on its second page too
        JsonNode second = ok("/api/platforms/" + platform + "/users?email=user99&size=100&page=1");
        assertThat(second.get("totalIsExact").asBoolean()).isTrue();
        assertThat(second.get("totalElements").asInt()).isEqualTo(111);
        assertThat(second.get("items")).hasSize(11);

        // walking the whole list by cursor gives every user once, in the same order as page numbers do
        for (String sort : List.of("email", "lastLoginAt,desc")) {
            List<String> byCursor = new ArrayList<>();
            String next = null;
            do {
                JsonNode page = ok("/api/platforms/" + platform + "/users?size=200&sort=" + sort
                        + (next == null ? "" : "&after=" + next));
                assertThat(page.get("page").isNull()).isEqualTo(next != null);
                page.get("items").forEach(item -> byCursor.add(item.get("userId").asString()));
                next = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            } while (next != null);
            List<String> byNumber = new ArrayList<>();
            for (int n = 0; n < 60; n++) {
                ok("/api/platforms/" + platform + "/users?size=200&sort=" + sort + "&page=" + n).get("items")
                        .forEach(item -> byNumber.add(item.get("userId").asString()));
            }
            assertThat(byCursor).as(sort).hasSize(USERS).doesNotHaveDuplicates().containsExactlyElementsOf(byNumber);
        }

        Response lookup = post("/api/platforms/" + other + "/users/lookup",
                Map.of("userIds", ids.subList(0, 10_000).stream().map(UUID::toString).toList()));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body().get("items")).hasSize(1_000);
        assertThat(lookup.body().get("unknownUserIds")).hasSize(9_000);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("userId").asString()));
        return ids;
    }
}
