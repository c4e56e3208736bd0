package dev.userdeletion.notification.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Mail settings ({@code notification.mail.*}); each has its own default, so setting one leaves the others at theirs.
 *
 * @param from          sender address of every mail
 * @param sendInterval  pause between two runs of the sender (read by {@code @Scheduled})
 * @param retryBackoff  wait after the first failed attempt; doubles with every further failure
 * @param maxBackoff    the longest wait between two attempts (a mail is never given up)
 * @param batchSize     mails sent at most per run
 */
@ConfigurationProperties("notification.mail")
public record MailProperties(@DefaultValue("no-reply@user-deletion.example") String from,
                             @DefaultValue("2s") Duration sendInterval, @DefaultValue("5s") Duration retryBackoff,
                             @DefaultValue("5m") Duration maxBackoff, @DefaultValue("50") int batchSize) {

    public MailProperties {
        if (sendInterval.isNegative() || sendInterval.isZero() || retryBackoff.isNegative() || retryBackoff.isZero()
                || maxBackoff.compareTo(retryBackoff) < 0 || batchSize < 1) {
            throw new IllegalArgumentException("notification.mail: send-interval and retry-backoff must be positive,"
                    + " max-backoff at least retry-backoff, batch-size at least 1");
        }
    }

    /** The wait after {@code attempts} failed attempts: retryBackoff × 2^(attempts-1), at most maxBackoff. */
    Duration backoffAfter(int attempts) {
        ExponentialBackOff backOff = new ExponentialBackOff(retryBackoff.toMillis(), 2.0);
        backOff.setMaxInterval(maxBackoff.toMillis());
        BackOffExecution execution = backOff.start();
        long wait = execution.nextBackOff();
        for (int i = 1; i < attempts; i++) {
            wait = execution.nextBackOff();
        }
        return Duration.ofMillis(wait);
    }
}
