package dev.userdeletion.notification.followup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Follow-up settings ({@code notification.follow-up.*}); each has its own default.
 *
 * @param rejectionWait how long after its DeletionCompleted arrived a request still missing some of the rejections
 *                      it announced waits for them; then its case opens with the rejections known (the others are
 *                      added to it when they arrive)
 * @param checkInterval pause between two runs of the scheduled check (read by {@code @Scheduled}): it handles the
 *                      requests that waited long enough and mails the CSM about items added to cases
 * @param batchSize     requests handled, and added items announced, at most per statement of a run
 */
@ConfigurationProperties("notification.follow-up")
record FollowUpProperties(@DefaultValue("5m") Duration rejectionWait, @DefaultValue("30s") Duration checkInterval,
                          @DefaultValue("100") int batchSize) {

    FollowUpProperties {
        if (rejectionWait.isNegative() || checkInterval.isNegative() || checkInterval.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("notification.follow-up: rejection-wait must not be negative,"
                    + " check-interval must be positive and batch-size at least 1");
        }
    }
}
