package dev.userdeletion.notification.mail;

import dev.userdeletion.notification.Timestamps;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues a mail in the caller's transaction: it exists (and will be sent) if and only if the change it
 * announces commits. A second mail with the same dedup key is ignored, so a change announced twice is
 * mailed once.
 */
@Component
public class MailQueue {

    private final NamedParameterJdbcTemplate jdbc;

    MailQueue(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True if queued, false if a mail with this key exists already. */
    public boolean enqueue(String dedupKey, RecipientKind kind, String platformId, String subject, String body) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A mail must be queued in the transaction of the change it announces");
        }
        Instant now = Timestamps.now();
        int added = jdbc.update("""
                        INSERT INTO mail (id, dedup_key, recipient_kind, platform_id, subject, body, state,
                                          next_attempt_at, created_at)
                        VALUES (:id, :key, :kind, :platformId, :subject, :body, 'PENDING', :now, :now)
                        ON CONFLICT (dedup_key) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("id", UUID.randomUUID())
                        .addValue("key", dedupKey)
                        .addValue("kind", kind.name())
                        .addValue("platformId", platformId)
                        .addValue("subject", MailText.headerSafe(subject))
                        .addValue("body", body)
                        .addValue("now", Timestamps.sql(now)));
        return added == 1;
    }
}
