package dev.userdeletion.messaging.inbox;

import dev.userdeletion.messaging.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes inbox rows older than {@code messaging.inbox.retention}, so the inbox does not grow with every event ever
 * consumed. Safe as long as the retention is longer than any non-compacted topic keeps its records: an event that can
 * still be delivered again still has its row. The compacted {@code membership.user-state} keeps records forever; its
 * consumers also refuse any revision not newer than the one applied, so a replay long after its row is gone changes
 * nothing. Runs in small batches (one short statement each, no long lock) a minute after start and then every
 * {@code messaging.inbox.prune-interval}; several instances may prune at once.
 */
public class InboxPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxPruner.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final MessagingProperties.Inbox settings;
    private final Counter pruned;
    private ScheduledExecutorService scheduler;

    public InboxPruner(JdbcTemplate jdbc, MessagingProperties.Inbox settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.pruned = Counter.builder("messaging.inbox.pruned")
                .description("Inbox rows deleted because they are older than the retention").register(meters);
    }

    /** Deletes every row processed more than the retention ago; returns how many. */
    public long prune() {
        long total = 0;
        int deleted;
        do {
            // by physical row, a batch at a time: each statement is short and holds its row locks briefly
            deleted = jdbc.update("DELETE FROM inbox WHERE ctid = ANY(ARRAY(SELECT ctid FROM inbox"
                            + " WHERE processed_at < now() - make_interval(secs => ?) LIMIT ?))",
                    (double) settings.retention().toSeconds(), settings.pruneBatchSize());
            total += deleted;
            pruned.increment(deleted);
        } while (deleted == settings.pruneBatchSize());
        return total;
    }

    private void pruneAndLog() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                log.info("Pruned {} inbox rows processed more than {} ago", deleted, settings.retention());
            }
        } catch (RuntimeException e) {
            // the next run tries again; a failed run must not end the schedule
            log.warn("Pruning the inbox failed; next try in {}", settings.pruneInterval(), e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "inbox-pruner");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(FIRST_RUN_AFTER.toMillis(), settings.pruneInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::pruneAndLog, first, settings.pruneInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Waits for a pruning under way to finish its statement (at most 30 s). */
    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("The inbox pruner did not finish within 30 s of stopping");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
