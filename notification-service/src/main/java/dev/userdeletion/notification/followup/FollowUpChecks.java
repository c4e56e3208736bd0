package dev.userdeletion.notification.followup;

import dev.userdeletion.notification.Timestamps;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The scheduled side of follow-ups, every {@code notification.follow-up.check-interval}: handles the completed
 * requests that waited {@code rejection-wait} for missing rejections (a lost or dead-lettered rejection must not keep
 * a case from opening), then mails the CSM about items added to cases. Safe with several instances: each request and
 * each added item is taken under a row lock that the others skip ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
class FollowUpChecks {

    private static final Logger log = LoggerFactory.getLogger(FollowUpChecks.class);

    private final FollowUpService followUps;
    private final FollowUpProperties properties;

    FollowUpChecks(FollowUpService followUps, FollowUpProperties properties) {
        this.followUps = followUps;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${notification.follow-up.check-interval:30s}",
            initialDelayString = "${notification.follow-up.check-interval:30s}")
    void run() {
        handleOverdueRequests();
        tellCsmAboutAddedItems();
    }

    /** Each overdue request in its own transaction: one that fails waits for the next run, the others go on. */
    void handleOverdueRequests() {
        Instant cutoff = Timestamps.now().minus(properties.rejectionWait());
        try {
            for (UUID requestId : followUps.overdueRequests(cutoff, properties.batchSize())) {
                try {
                    followUps.handleOverdue(requestId, cutoff);
                } catch (RuntimeException e) {
                    log.warn("Handling request {} after the rejection wait failed; the next check tries again",
                            requestId, e);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Looking for requests past the rejection wait failed; the next check tries again", e);
        }
    }

    void tellCsmAboutAddedItems() {
        try {
            while (followUps.tellCsmAboutAddedItems(properties.batchSize()) == properties.batchSize()) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("Mailing the CSM about added follow-up items failed; the next check tries again", e);
        }
    }
}
