package dev.userdeletion.userquery.directory;

import dev.userdeletion.web.ApiProblem;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How many of the directory's interactive reads (a page, a count, a lookup of ids) run in the database at once
 * ({@code user-query.directory.concurrent-queries}). The read model stays in memory, so its statements are CPU
 * work: more of them at once than the database has cores only makes every one wait longer for a core, and the
 * cheap ones wait behind the expensive ones on every wake-up. Callers beyond the limit wait their turn in arrival
 * order (a fair semaphore), parked, not competing for a core; one that waits longer than
 * {@code user-query.directory.query-wait} gets 503 and nothing runs for it.
 *
 * <p>A limit of its own rather than a smaller connection pool: the projection's consumers take connections from the
 * same pool, and neither must wait behind the other. The streams of ids (deletion reviews) are not limited here:
 * they are few, long and run in a transaction of their own.
 */
@Component
class QueryBulkhead {

    private final Semaphore permits;
    private final Duration maxWait;

    QueryBulkhead(@Value("${user-query.directory.concurrent-queries:4}") int concurrentQueries,
                  @Value("${user-query.directory.query-wait:5s}") Duration maxWait) {
        if (concurrentQueries < 1) {
            throw new IllegalArgumentException("user-query.directory.concurrent-queries must be at least 1");
        }
        this.permits = new Semaphore(concurrentQueries, true);
        this.maxWait = maxWait;
    }

    /** Runs {@code query} once a place is free; 503 if none was free within the configured wait. */
    <T> T run(Supplier<T> query) {
        boolean admitted;
        try {
            admitted = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy", "The directory is answering as"
                    + " many queries as it can; nothing was read for this one: try again in a moment");
        }
        try {
            return query.get();
        } finally {
            permits.release();
        }
    }
}
