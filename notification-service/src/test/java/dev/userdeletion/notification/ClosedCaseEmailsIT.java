package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.notification.followup.ClosedCaseEmails;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A closed case keeps its users' emails for the retention, then only their ids; open cases keep theirs. */
class ClosedCaseEmailsIT extends IntegrationTest {

    @Autowired ClosedCaseEmails closedCaseEmails;

    @Test
    void emailsOfCasesClosedLongerThanTheRetentionAreDroppedAndTheRestKept() {
        UUID longClosed = insertCase("CLOSED", "now() - interval '31 days'");
        UUID recentlyClosed = insertCase("CLOSED", "now() - interval '29 days'");
        UUID open = insertCase("OPEN", null);
        String[] emails = {newEmail(), newEmail(), newEmail()};
        UUID gone = insertItem(longClosed, emails[0], "RESOLVED");
        UUID kept = insertItem(recentlyClosed, emails[1], "RESOLVED");
        UUID pending = insertItem(open, emails[2], "OPEN");

        assertThat(closedCaseEmails.dropExpired()).isEqualTo(1);

        assertThat(email(longClosed, gone)).isNull();
        assertThat(email(recentlyClosed, kept)).isEqualTo(emails[1]);
        assertThat(email(open, pending)).isEqualTo(emails[2]);
        assertThat(jdbc.queryForObject("SELECT state FROM follow_up_item WHERE case_id = ? AND user_id = ?",
                String.class, longClosed, gone)).as("the item itself stays, by id").isEqualTo("RESOLVED");
        assertThat(closedCaseEmails.dropExpired()).as("nothing left to drop").isZero();
    }

    /** The user, still on other platforms, logs in: the directory learns the email again, the closed case does not. */
    @Test
    void aLaterUserStateDoesNotBringADroppedEmailBack() {
        UUID longClosed = insertCase("CLOSED", "now() - interval '31 days'");
        String email = newEmail();
        UUID gone = insertItem(longClosed, email, "RESOLVED");
        assertThat(closedCaseEmails.dropExpired()).isEqualTo(1);

        send(userState(gone, email, 1, newPlatform().id()));
        awaitDirectoryKnows(gone);

        assertThat(email(longClosed, gone)).isNull();
    }

    /** An item opened before its user's UserState arrived gets the email then. */
    @Test
    void anOpenItemWithoutAnEmailGetsItFromTheUserState() {
        UUID open = insertCase("OPEN", null);
        UUID userId = insertItem(open, null, "OPEN");
        String email = newEmail();

        send(userState(userId, email, 1, newPlatform().id()));
        awaitDirectoryKnows(userId);

        assertThat(email(open, userId)).isEqualTo(email);
    }

    private UUID insertCase(String state, String closedAt) {
        UUID caseId = UUID.randomUUID();
        jdbc.update("INSERT INTO follow_up_case (case_id, platform_id, request_id, state, opened_at, closed_at)"
                + " VALUES (?, ?, ?, ?, now() - interval '40 days', " + (closedAt == null ? "NULL" : closedAt) + ")",
                caseId, newPlatform().id(), UUID.randomUUID(), state);
        return caseId;
    }

    private UUID insertItem(UUID caseId, String email, String state) {
        UUID userId = UUID.randomUUID();
        jdbc.update("INSERT INTO follow_up_item (case_id, user_id, email, reason, state, resolved_at)"
                + " VALUES (?, ?, ?, 'MULTI_PLATFORM', ?, " + ("RESOLVED".equals(state) ? "now()" : "NULL") + ")",
                caseId, userId, email, state);
        return userId;
    }

    private String email(UUID caseId, UUID userId) {
        return jdbc.queryForObject("SELECT email FROM follow_up_item WHERE case_id = ? AND user_id = ?", String.class,
                caseId, userId);
    }
}
