package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A CSM mail lists the case's users by email. While it waits to be sent (the mail server away, a retry later), a
 * user it lists may be deleted (the CSM removed the user's other platform, and the standing refusal went through):
 * the user's email then leaves the queued mail too, within the seconds the tombstone takes, not when it is sent.
 */
class DeletedUsersInQueuedMailIT extends IntegrationTest {

    @Test
    void aDeletedUsersEmailLeavesTheMailsNotSentYetAndOnlyTheirLine() {
        Platform platform = newPlatform();
        UUID caseId = UUID.randomUUID();
        jdbc.update("INSERT INTO follow_up_case (case_id, platform_id, request_id, state, opened_at)"
                + " VALUES (?, ?, ?, 'OPEN', now())", caseId, platform.id(), UUID.randomUUID());
        UUID deleted = UUID.randomUUID();
        UUID stays = UUID.randomUUID();
        String deletedEmail = newEmail();
        String staysEmail = newEmail();
        String lookalike = "x" + deletedEmail; // contains the deleted address, but is another user's
        for (Object[] item : new Object[][] {{deleted, deletedEmail}, {stays, staysEmail}}) {
            jdbc.update("INSERT INTO follow_up_item (case_id, user_id, email, reason, state)"
                    + " VALUES (?, ?, ?, 'MULTI_PLATFORM', 'OPEN')", caseId, item[0], item[1]);
        }
        String body = "Hello,\n\nPlease remove their membership of platform " + platform.id() + ":\n\n"
                + deletedEmail + "\n" + staysEmail + "\n" + lookalike + "\n\nFollow-up case " + caseId + "\n";
        UUID mailId = UUID.randomUUID();
        // due tomorrow: the mail server refused it today
        jdbc.update("INSERT INTO mail (id, dedup_key, recipient_kind, platform_id, subject, body, state,"
                + " next_attempt_at, created_at) VALUES (?, ?, 'CSM', ?, 'Follow-up', ?, 'PENDING',"
                + " now() + interval '1 day', now())", mailId, "TEST:" + mailId, platform.id(), body);

        sendTombstone(deleted);

        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT email IS NULL FROM follow_up_item WHERE case_id = ? AND user_id = ?", Boolean.class,
                caseId, deleted));
        String queued = jdbc.queryForObject("SELECT body FROM mail WHERE id = ?", String.class, mailId);
        assertThat(queued).doesNotContain("\n" + deletedEmail + "\n")
                .contains("\n(user " + deleted + ", deleted since: nothing to remove)\n")
                .contains("\n" + staysEmail + "\n")
                .contains("\n" + lookalike + "\n")
                .endsWith("Follow-up case " + caseId + "\n");
        assertThat(queued.replace(lookalike, "")).doesNotContain(deletedEmail);
        jdbc.update("DELETE FROM mail WHERE id = ?", mailId);
    }
}
