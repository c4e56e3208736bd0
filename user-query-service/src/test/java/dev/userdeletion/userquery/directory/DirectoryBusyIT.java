package dev.userdeletion.userquery.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import dev.userdeletion.userquery.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The directory's interactive reads go through its bulkhead: while every place is taken, a page, a count and a
 * lookup each wait the configured time and are answered 503 {@code busy}; the streams of ids are not held up; once
 * a place is free the same calls answer.
 */
class DirectoryBusyIT extends IntegrationTest {

    @Autowired
    private QueryBulkhead bulkhead;
    @Value("${user-query.directory.concurrent-queries}")
    private int places;
    @Value("${user-query.directory.query-wait}")
    private Duration wait;

    @Test
    void whileEveryPlaceIsTakenPagesCountsAndLookupsAreBusyAndIdStreamsAreNot() {
        String base = "/api/platforms/" + newPlatform();
        CountDownLatch taken = new CountDownLatch(places);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> holders = new ArrayList<>();
        for (int i = 0; i < places; i++) {
            holders.add(CompletableFuture.runAsync(() -> bulkhead.run(() -> {
                taken.countDown();
                awaitQuietly(release);
                return null;
            }), Thread::startVirtualThread));
        }
        try {
            awaitQuietly(taken);

            long started = System.nanoTime();
            assertProblem(get(base + "/users"), 503, "busy");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it waited its turn first")
                    .isGreaterThanOrEqualTo(wait);
            assertProblem(get(base + "/users/count"), 503, "busy");
            assertProblem(post(base + "/users/lookup", Map.of("userIds", List.of(UUID.randomUUID()))), 503, "busy");
            Response ids = get(base + "/user-ids");
            assertThat(ids.status()).as("a stream of ids is not limited").isEqualTo(200);
        } finally {
            release.countDown();
            holders.forEach(CompletableFuture::join);
        }

        assertThat(get(base + "/users").status()).isEqualTo(200);
        assertThat(get(base + "/users/count").status()).isEqualTo(200);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
