package dev.userdeletion.userquery.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.web.ApiProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class QueryBulkheadTest {

    @Test
    void noMoreQueriesRunAtOnceThanTheLimitAndTheOthersRunWhenAPlaceIsFree() {
        QueryBulkhead bulkhead = new QueryBulkhead(2, Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> queries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int query = i;
            queries.add(CompletableFuture.supplyAsync(() -> bulkhead.run(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                awaitQuietly(release);
                running.decrementAndGet();
                done.incrementAndGet();
                return query;
            }), Thread::startVirtualThread));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
        // the other four wait for a place: none of them has started
        assertThat(done).hasValue(0);
        assertThat(mostAtOnce).hasValue(2);

        release.countDown();
        assertThat(queries).extracting(CompletableFuture::join).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(mostAtOnce).as("never more than the limit at once").hasValue(2);
    }

    @Test
    void aQueryThatFindsNoPlaceWithinTheWaitIsRefusedWithoutRunning() {
        QueryBulkhead bulkhead = new QueryBulkhead(1, Duration.ofMillis(100));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> bulkhead.run(() -> {
            holding.countDown();
            awaitQuietly(release);
            return "first";
        }), Thread::startVirtualThread);
        awaitQuietly(holding);

        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> bulkhead.run(() -> ran.getAndSet(true)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.toProblemDetail().getType().toString()).endsWith("/busy");
                });
        assertThat(ran).as("the refused query did not run").isFalse();

        release.countDown();
        assertThat(first.join()).isEqualTo("first");
        assertThat(bulkhead.run(() -> "next")).as("the place is free again").isEqualTo("next");
    }

    @Test
    void aQueryThatFailsGivesItsPlaceBack() {
        QueryBulkhead bulkhead = new QueryBulkhead(1, Duration.ofMillis(100));

        assertThatThrownBy(() -> bulkhead.run(() -> {
            throw new IllegalStateException("the database went away");
        })).hasMessage("the database went away");

        // with the place kept, this one would be refused after 100 ms
        assertThat(bulkhead.run(() -> 42)).isEqualTo(42);
    }

    @Test
    void aLimitBelowOneIsRefusedAtStart() {
        assertThatThrownBy(() -> new QueryBulkhead(0, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrent-queries");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
