package dev.userdeletion.notification.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mail settings ({@code notification.mail.*}).
 *
 * @param from          sender address of every mail
 * @param sendInterval  pause between two runs of the sender (read by {@code @Scheduled})
 * @param retryBackoff  wait after the first failed attempt; doubles with every further failure
 * @param maxBackoff    the longest wait between two attempts (a mail is never given up)
 * @param batchSize     mails sent at most per run
 */
@ConfigurationProperties("notification.mail")
public record MailProperties(String from, Duration sendInterval, Duration retryBackoff, Duration maxBackoff,
                             int batchSize) {

    public MailProperties {
        from = from == null ? "no-reply@user-deletion.example" : from;
        sendInterval = sendInterval == null ? Duration.ofSeconds(2) : sendInterval;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        batchSize = batchSize <= 0 ? 50 : batchSize;
    }

    /** The wait after {@code attempts} failed attempts: retryBackoff × 2^(attempts-1), at most maxBackoff. */
    Duration backoffAfter(int attempts) {
        Duration wait = retryBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
