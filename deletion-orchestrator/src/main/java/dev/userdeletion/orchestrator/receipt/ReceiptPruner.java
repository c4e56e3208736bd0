package dev.userdeletion.orchestrator.receipt;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A receipt holds ids only, so a user's deletion does not touch it (it is the proof of that deletion); it goes
 * after {@code orchestrator.receipts.retention} (default 730 days), counted from its request's first event.
 */
@Component
public class ReceiptPruner {

    private static final Logger log = LoggerFactory.getLogger(ReceiptPruner.class);

    private final ReceiptStore store;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    ReceiptPruner(ReceiptStore store, @Value("${orchestrator.receipts.retention:730d}") Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    @Scheduled(initialDelayString = "${orchestrator.receipts.prune-interval:1h}",
            fixedDelayString = "${orchestrator.receipts.prune-interval:1h}")
    public int prune() {
        int pruned = store.deleteOlderThan(clock.instant().minus(retention));
        if (pruned > 0) {
            log.info("Pruned the receipts of {} deletion requests older than {}", pruned, retention);
        }
        return pruned;
    }
}
