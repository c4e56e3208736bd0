package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Emails enter this service in two places: users' emails from {@code membership.user-state} (they go into
 * the CSM's mail body and CSV) and the platform's csmEmail/adminEmail read from membership-service (they
 * become SMTP recipients). A value with CR/LF or another control character is refused in both places and
 * never written to a log.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileEmailsIT extends IntegrationTest {

    private static final String SPY_DOMAIN = "evil.test";
    private static final String SPY = "spy@" + SPY_DOMAIN;

    @Autowired
    MeterRegistry meters;

    @Test
    void aUserStateWhoseEmailIsNoPlainAddressGoesToTheDeadLetterTopicAndChangesNothing(CapturedOutput output) {
        Platform platform = newPlatform();
        String annEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), "elsewhere");
        awaitDirectoryKnows(ann);
        UUID requestId = UUID.randomUUID();
        send(rejected(requestId, platform, ann));
        send(completed(requestId, platform, 0, 1));
        awaitCase(platform, requestId, c -> true);
        double deadLettersBefore = deadLetters();

        // a later revision that would also resolve ann's item, and a new user: each with a forged header in the email
        UUID forgedChange = sendRawUserState(ann, annEmail + "\r\nBcc: " + SPY, 2, "elsewhere");
        UUID bob = UUID.randomUUID();
        UUID forgedNewUser = sendRawUserState(bob, "bob@example.com\u0000\nBcc: " + SPY, 1, platform.id());
        UUID carl = UUID.randomUUID();
        UUID notAnAddress = sendRawUserState(carl, "=cmd|' /C calc'!A0", 1, platform.id());

        records(Topics.deadLetterTopic(Topics.USER_STATE), ann.toString(), r -> r.size() == 1);
        records(Topics.deadLetterTopic(Topics.USER_STATE), bob.toString(), r -> r.size() == 1);
        records(Topics.deadLetterTopic(Topics.USER_STATE), carl.toString(), r -> r.size() == 1);
        await().atMost(WAIT).until(() -> deadLetters() == deadLettersBefore + 3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id IN (?, ?, ?)", Integer.class,
                forgedChange, forgedNewUser, notAnAddress)).as("not recorded as applied").isZero();
        assertThat(jdbc.queryForObject("SELECT email || ' ' || revision FROM contact WHERE user_id = ?", String.class, ann))
                .isEqualTo(annEmail + " 1");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contact WHERE user_id IN (?, ?)", Integer.class, bob, carl))
                .isZero();
        JsonNode followUp = awaitCase(platform, requestId, c -> true);
        assertThat(followUp.get("items").get(0).get("email").asString()).isEqualTo(annEmail);
        assertThat(followUp.get("items").get(0).get("state").asString()).isEqualTo("OPEN");

        // the directory is not stuck: ann's next valid state applies and resolves her item
        send(userState(ann, annEmail, 3, "elsewhere"));
        awaitCase(platform, requestId, c -> c.get("state").asString().equals("CLOSED"));
        assertThat(output.getAll()).doesNotContain(SPY).doesNotContain("calc'");
    }

    @Test
    void aPlatformAddressWithALineBreakIsNeverARecipientAndIsNotLogged(CapturedOutput output) {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Platform platform = new Platform(id, "csm-" + id + "@example.com", "admin-" + id + "@example.com");
        MEMBERSHIP.register(id, platform.csmEmail() + "\r\nBcc: " + SPY, platform.adminEmail() + "\r\nBcc: " + SPY);
        UUID requestId = UUID.randomUUID();
        send(completed(requestId, platform, 2, 0));

        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT coalesce(max(attempts), 0) FROM mail WHERE platform_id = ?", Integer.class, id) >= 2);
        assertThat(jdbc.queryForList("SELECT state || ' ' || last_error FROM mail WHERE platform_id = ?", String.class, id))
                .containsExactly("PENDING InvalidRecipientException");
        assertThat(SMTP.deliveredToDomain(SPY_DOMAIN)).isZero();
        assertThat(SMTP.to(platform.adminEmail())).isEmpty();
        assertThat(output.getAll()).contains("InvalidRecipientException").doesNotContain(SPY);

        // membership-service's address is corrected: the mail goes out, to that address alone
        MEMBERSHIP.register(id, platform.csmEmail(), platform.adminEmail());
        List<TestSmtp.Mail> mails = awaitAllMailSent(platform, 1, platform.adminEmail());
        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly(platform.adminEmail());
            assertThat(m.raw()).doesNotContain(SPY);
        });
        assertThat(SMTP.deliveredToDomain(SPY_DOMAIN)).isZero();
        assertThat(output.getAll()).doesNotContain(SPY);
    }

    private double deadLetters() {
        Counter counter = meters.find("messaging.dead.letter.records").tag("topic", Topics.USER_STATE).counter();
        return counter == null ? 0 : counter.count();
    }
}
