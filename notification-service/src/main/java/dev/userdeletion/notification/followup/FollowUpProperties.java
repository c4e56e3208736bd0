package dev.userdeletion.notification.followup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Follow-up settings ({@code notification.follow-up.*}).
 *
 * @param rejectionWait how long after its DeletionCompleted arrived a request still missing some of the rejections
 *                      it announced waits for them; then its case opens with the rejections known (the others are
 *                      added to it when they arrive)
 * @param checkInterval pause between two runs of the scheduled check (read by {@code @Scheduled}): it handles the
 *                      requests that waited long enough and mails the CSM about items added to cases
 * @param batchSize     requests handled, and added items announced, at most per statement of a run
 */
@ConfigurationProperties("notification.follow-up")
record FollowUpProperties(Duration rejectionWait, Duration checkInterval, int batchSize) {

    FollowUpProperties {
        rejectionWait = rejectionWait == null ? Duration.ofMinutes(5) : rejectionWait;
        checkInterval = checkInterval == null ? Duration.ofSeconds(30) : checkInterval;
        batchSize = batchSize <= 0 ? 100 : batchSize;
    }
}
