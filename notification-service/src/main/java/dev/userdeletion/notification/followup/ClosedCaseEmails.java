package dev.userdeletion.notification.followup;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A closed case keeps its users' emails for {@code notification.follow-up.closed-case-email-retention} (default 30
 * days: time for the CSM to answer questions about it), then drops them; the items keep their user ids, states and
 * times. Those users were removed from the case's platform but stay on others, so nothing else erases them here: a
 * tombstone (the user deleted everywhere) erases an item's email at once, whatever the case's state. A case reopened
 * by a late rejection gets the new user's email from the directory as usual.
 */
@Component
public class ClosedCaseEmails {

    private static final Logger log = LoggerFactory.getLogger(ClosedCaseEmails.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;

    ClosedCaseEmails(JdbcTemplate jdbc,
                     @Value("${notification.follow-up.closed-case-email-retention:30d}") Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /** Drops the emails of cases closed longer than the retention ago; returns how many items lost theirs. */
    @Scheduled(initialDelayString = "${notification.follow-up.closed-case-email-prune-interval:1h}",
            fixedDelayString = "${notification.follow-up.closed-case-email-prune-interval:1h}")
    public int dropExpired() {
        int dropped = jdbc.update("""
                UPDATE follow_up_item i SET email = NULL
                  FROM follow_up_case c
                 WHERE c.case_id = i.case_id AND c.state = 'CLOSED' AND c.closed_at < now() - ?::interval
                   AND i.email IS NOT NULL""", retention.toSeconds() + " seconds");
        if (dropped > 0) {
            log.info("Dropped the emails of {} items of cases closed more than {} ago", dropped, retention);
        }
        return dropped;
    }
}
