package dev.userdeletion.notification.adminfeed;

import dev.userdeletion.notification.Timestamps;
import dev.userdeletion.notification.mail.MailQueue;
import dev.userdeletion.notification.mail.RecipientKind;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells a platform's admin something: a notification in the feed and the same message by mail, both in
 * the caller's transaction and at most once per (type, request, round).
 */
@Component
public class AdminFeed {

    private final NamedParameterJdbcTemplate jdbc;
    private final MailQueue mails;

    AdminFeed(NamedParameterJdbcTemplate jdbc, MailQueue mails) {
        this.jdbc = jdbc;
        this.mails = mails;
    }

    /** Adds the notification and queues its mail; false (and nothing done) if it was there already. */
    public boolean tell(String platformId, NotificationType type, UUID requestId, UUID caseId, String message,
                        String subject, String mailBody) {
        return tell(platformId, type, requestId, 0, caseId, message, subject, mailBody);
    }

    /**
     * As {@link #tell(String, NotificationType, UUID, UUID, String, String, String)}, once per (type, request,
     * round): a follow-up case reopened by a late rejection closes again in a new round, and the admin is told again.
     */
    public boolean tell(String platformId, NotificationType type, UUID requestId, int round, UUID caseId,
                        String message, String subject, String mailBody) {
        int added = jdbc.update("""
                        INSERT INTO admin_notification (platform_id, type, request_id, round, case_id, message,
                                                        created_at)
                        VALUES (:platformId, :type, :requestId, :round, :caseId, :message, :now)
                        ON CONFLICT (type, request_id, round) DO NOTHING""",
                new MapSqlParameterSource()
                        .addValue("platformId", platformId)
                        .addValue("type", type.name())
                        .addValue("requestId", requestId)
                        .addValue("round", round)
                        .addValue("caseId", caseId)
                        .addValue("message", message)
                        .addValue("now", Timestamps.sql(Timestamps.now())));
        if (added == 0) {
            return false;
        }
        mails.enqueue(type.name() + ":" + requestId + (round == 0 ? "" : ":" + round) + ":" + RecipientKind.ADMIN,
                RecipientKind.ADMIN, platformId, subject, mailBody);
        return true;
    }

    /** The platform's notifications, newest first. */
    List<AdminNotification> of(String platformId) {
        return jdbc.query("""
                        SELECT type, request_id, case_id, message, created_at FROM admin_notification
                         WHERE platform_id = :platformId ORDER BY created_at DESC, id DESC""",
                new MapSqlParameterSource("platformId", platformId),
                (rs, i) -> new AdminNotification(NotificationType.valueOf(rs.getString("type")),
                        rs.getObject("request_id", UUID.class), rs.getObject("case_id", UUID.class),
                        rs.getString("message"), Timestamps.read(rs, "created_at")));
    }
}
