package dev.userdeletion.notification.mail;

import dev.userdeletion.notification.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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

    /**
     * In the mails not sent yet, replaces every line that is exactly a key of {@code lines} by its value (a mail lists
     * one user per line): how a user deleted since leaves a queued mail (a sent mail keeps no body). Returns how many
     * mails changed. The rows are locked (in id order) until the caller's transaction ends, so two deletions applied
     * at once cannot each write back a body that still holds the other's line; a mail being sent meanwhile holds its
     * row: this waits for it and then finds it sent.
     */
    public int replacePendingLines(Map<String, String> lines) {
        if (lines.isEmpty()) {
            return 0;
        }
        record Pending(UUID id, String body) {
        }
        List<Pending> pending = jdbc.query("SELECT id, body FROM mail WHERE state = 'PENDING' AND body IS NOT NULL"
                        + " ORDER BY id FOR UPDATE",
                (rs, i) -> new Pending(rs.getObject("id", UUID.class), rs.getString("body")));
        int changed = 0;
        for (Pending mail : pending) {
            String body = mail.body().lines().map(line -> lines.getOrDefault(line, line))
                    .collect(Collectors.joining("\n", "", mail.body().endsWith("\n") ? "\n" : ""));
            if (!body.equals(mail.body())) {
                changed += jdbc.update("UPDATE mail SET body = :body WHERE id = :id AND state = 'PENDING'",
                        new MapSqlParameterSource("body", body).addValue("id", mail.id()));
            }
        }
        return changed;
    }
}
