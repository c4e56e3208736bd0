package dev.userdeletion.notification.mail;

import dev.userdeletion.notification.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued mails. Each mail is sent in its own transaction that holds the row lock ({@code FOR UPDATE
 * SKIP LOCKED}), so two instances never send the same row; it is marked SENT in that transaction right after
 * the SMTP server accepted it. A failure (SMTP down or refusing, membership-service unreachable, a bad
 * address) keeps it PENDING and pushes its next attempt back with a growing pause: mail is delayed, never
 * lost. Delivery is at least once: when the server's reply to the message never comes (a timeout, a dropped
 * connection) or the service stops before the commit, the server may have the mail and it is sent again. Every
 * copy carries the Message-ID made of the mail's id, so receivers can drop the duplicate.
 */
@Component
class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JavaMailSender smtp;
    private final PlatformContacts contacts;
    private final MailProperties properties;
    private final InternetAddress from;
    private final String messageIdDomain;
    private final Counter sent;
    private final Counter failedAttempts;

    MailDispatcher(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, JavaMailSender smtp,
                   PlatformContacts contacts, MailProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.smtp = smtp;
        this.contacts = contacts;
        this.properties = properties;
        try {
            this.from = plainAddress(properties.from());
        } catch (AddressException e) {
            throw new IllegalArgumentException("notification.mail.from is not a plain mail address", e);
        }
        this.messageIdDomain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        this.sent = Counter.builder("notification.mails.sent").description("Mails accepted by the SMTP server")
                .register(meters);
        this.failedAttempts = Counter.builder("notification.mails.failed.attempts")
                .description("Attempts to send a mail that failed; the mail stays queued").register(meters);
        Gauge.builder("notification.mails.pending", this, MailDispatcher::pendingCount)
                .description("Mails queued and not sent yet").register(meters);
    }

    @Scheduled(fixedDelayString = "${notification.mail.send-interval:2s}",
            initialDelayString = "${notification.mail.send-interval:2s}")
    void sendDue() {
        for (int i = 0; i < properties.batchSize(); i++) {
            Outcome outcome = transactions.execute(tx -> sendNext());
            // with the SMTP server failing, the other due mails would fail too: they wait for the next run
            if (outcome != Outcome.SENT && outcome != Outcome.NOT_SENT) {
                return;
            }
        }
    }

    private enum Outcome { NOTHING_DUE, SENT, NOT_SENT, MAIL_SERVER_FAILED }

    /** Sends the next due mail, if any. */
    private Outcome sendNext() {
        Instant now = Timestamps.now();
        Optional<PendingMail> next = DataAccessUtils.optionalResult(jdbc.query("""
                        SELECT id, recipient_kind, platform_id, subject, body, attempts FROM mail
                         WHERE state = 'PENDING' AND next_attempt_at <= :now
                         ORDER BY next_attempt_at, created_at LIMIT 1
                         FOR UPDATE SKIP LOCKED""",
                new MapSqlParameterSource("now", Timestamps.sql(now)),
                (rs, i) -> new PendingMail(rs.getObject("id", UUID.class),
                        RecipientKind.valueOf(rs.getString("recipient_kind")), rs.getString("platform_id"),
                        rs.getString("subject"), rs.getString("body"), rs.getInt("attempts"))));
        if (next.isEmpty()) {
            return Outcome.NOTHING_DUE;
        }
        PendingMail mail = next.get();
        try {
            deliver(mail);
        } catch (RuntimeException | MessagingException e) {
            int attempts = mail.attempts() + 1;
            Duration wait = properties.backoffAfter(attempts);
            jdbc.update("""
                            UPDATE mail SET attempts = :attempts, next_attempt_at = :next, last_error = :error
                             WHERE id = :id""",
                    new MapSqlParameterSource()
                            .addValue("attempts", attempts)
                            .addValue("next", Timestamps.sql(now.plus(wait)))
                            .addValue("error", errorOf(e))
                            .addValue("id", mail.id()));
            failedAttempts.increment();
            // the exception's message may quote an address: log its type only
            log.warn("Mail {} ({} of platform {}) not sent (attempt {}: {}); next attempt in {} ms", mail.id(),
                    mail.kind(), mail.platformId(), attempts, errorOf(e), wait.toMillis());
            return e instanceof MailException || e instanceof MessagingException ? Outcome.MAIL_SERVER_FAILED
                    : Outcome.NOT_SENT;
        }
        // the body may list users' emails: it is not kept once the mail is out
        jdbc.update("""
                        UPDATE mail SET state = 'SENT', sent_at = :now, attempts = attempts + 1, body = NULL,
                                        last_error = NULL
                         WHERE id = :id""",
                new MapSqlParameterSource("now", Timestamps.sql(Timestamps.now())).addValue("id", mail.id()));
        sent.increment();
        log.info("Mail {} ({} of platform {}) sent", mail.id(), mail.kind(), mail.platformId());
        return Outcome.SENT;
    }

    private void deliver(PendingMail mail) throws MessagingException {
        InternetAddress to;
        String address = contacts.address(mail.platformId(), mail.kind());
        try {
            to = plainAddress(address);
        } catch (AddressException e) {
            throw new InvalidRecipientException(mail.kind());
        }
        MimeMessage message = smtp.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(MailText.headerSafe(mail.subject()));
        helper.setText(mail.body() == null ? "" : mail.body(), false);
        // kept by JavaMailSenderImpl: the same mail always has the same Message-ID
        message.setHeader("Message-ID", "<" + mail.id() + "@" + messageIdDomain + ">");
        smtp.send(message);
    }

    /**
     * One plain address: visible ASCII only (no CR/LF or other control character, no blank, nothing a header
     * would have to encode), no display name, one recipient. Nothing in it can add or fold a header.
     */
    static InternetAddress plainAddress(String address) throws AddressException {
        if (address == null || address.isEmpty() || !MailText.isVisibleAscii(address)) {
            throw new AddressException("not a plain address");
        }
        InternetAddress parsed = new InternetAddress(address, true);
        parsed.validate();
        if (!parsed.getAddress().equals(address) || parsed.getPersonal() != null) {
            throw new AddressException("not a plain address");
        }
        return parsed;
    }

    private static String errorOf(Exception e) {
        String name = e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            name += " (" + cause.getClass().getSimpleName() + ")";
        }
        return name.length() > 300 ? name.substring(0, 300) : name;
    }

    private double pendingCount() {
        try {
            Integer count = jdbc.getJdbcOperations()
                    .queryForObject("SELECT count(*) FROM mail WHERE state = 'PENDING'", Integer.class);
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private record PendingMail(UUID id, RecipientKind kind, String platformId, String subject, String body,
                               int attempts) {
    }

    /** The platform's address for this kind of mail is missing or not a plain address. */
    static final class InvalidRecipientException extends RuntimeException {
        InvalidRecipientException(RecipientKind kind) {
            super("The platform's " + kind + " address is not a plain mail address");
        }
    }
}
