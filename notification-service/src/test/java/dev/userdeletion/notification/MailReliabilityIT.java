package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Mail waits for an SMTP server (and membership-service) that is down, and arrives once when they are back; a mail
 * whose acceptance is never confirmed is sent again under the same Message-ID (at least once); the platform's
 * addresses are read with this service's own SERVICE token.
 */
class MailReliabilityIT extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aCompletionWithoutRejectionsIsMailedOnceAfterMembershipAndSmtpRecover() {
        // membership-service does not know the platform yet, and the SMTP server refuses connections
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Platform platform = new Platform(id, "csm-" + id + "@example.com", "admin-" + id + "@example.com");
        UUID requestId = UUID.randomUUID();
        double failedBefore = failedAttempts();
        SMTP.stop();
        try {
            send(completed(requestId, platform, 4, 0));
            await().atMost(WAIT).until(() -> notificationsOf(platform).size() == 1);
            assertThat(notificationsOf(platform).getFirst().get("message").asString()).isEqualTo("4 users were deleted");
            assertThat(notificationsOf(platform).getFirst().get("caseId").isNull()).isTrue();
            assertThat(casesOf(platform)).isEmpty();

            await().atMost(WAIT).until(() -> attempts(platform) >= 2);
            MEMBERSHIP.register(platform.id(), platform.csmEmail(), platform.adminEmail());
            int attemptsWithoutMembership = attempts(platform);
            await().atMost(WAIT).until(() -> attempts(platform) >= attemptsWithoutMembership + 2);
            assertThat(jdbc.queryForObject("SELECT state FROM mail WHERE platform_id = ?", String.class, platform.id()))
                    .isEqualTo("PENDING");
            assertThat(failedAttempts()).isGreaterThanOrEqualTo(failedBefore + 4);
            assertThat(meters.get("notification.mails.pending").gauge().value()).isGreaterThanOrEqualTo(1);
        } finally {
            SMTP.start();
        }

        assertThat(awaitAllMailSent(platform, 1, platform.adminEmail())).singleElement()
                .satisfies(m -> assertThat(m.body()).contains("4 users were deleted").doesNotContain("Customer Success"));
        assertThat(SMTP.to(platform.csmEmail())).isEmpty();
        assertThat(jdbc.queryForObject("SELECT body IS NULL FROM mail WHERE platform_id = ?", Boolean.class,
                platform.id())).as("a sent mail's body is not kept").isTrue();
    }

    /**
     * At-least-once: the SMTP server has the whole message but its reply to DATA never comes, so the sender cannot
     * know the mail arrived and sends it again. Both copies carry the one Message-ID of the queued mail, by which
     * the receiver can drop the second.
     */
    @Test
    void aMailWhoseAcceptanceIsNeverConfirmedIsSentAgainWithTheSameMessageId() throws Exception {
        Platform platform = newPlatform();
        UUID requestId = UUID.randomUUID();
        double failedBefore = failedAttempts();
        SMTP.stop();
        try (StallingSmtp smtp = new StallingSmtp(SMTP.port(), platform.adminEmail())) {
            send(completed(requestId, platform, 2, 0));
            await().atMost(WAIT).until(() -> "SENT".equals(jdbc.queryForObject(
                    "SELECT max(state) FROM mail WHERE platform_id = ?", String.class, platform.id())));

            UUID mailId = jdbc.queryForObject("SELECT id FROM mail WHERE platform_id = ?", UUID.class, platform.id());
            assertThat(jdbc.queryForObject("SELECT attempts FROM mail WHERE id = ?", Integer.class, mailId))
                    .as("the first attempt timed out after the server had the message").isEqualTo(2);
            assertThat(failedAttempts()).isGreaterThanOrEqualTo(failedBefore + 1);
            List<StallingSmtp.Received> copies = smtp.receivedFor(platform.adminEmail());
            assertThat(copies).hasSize(2);
            assertThat(copies).extracting(StallingSmtp.Received::messageId)
                    .containsExactly("<" + mailId + "@user-deletion.example>", "<" + mailId + "@user-deletion.example>");
            assertThat(copies.get(1).body()).isEqualTo(copies.get(0).body()).contains("2 users were deleted");
        } finally {
            SMTP.start();
        }
    }

    @Test
    void platformContactsAreReadWithTheServicesOwnToken() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(MEMBERSHIP.baseUrl() + "/api/platforms/any")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("the stand-in refuses calls without the token").isEqualTo(401);
        int refusedBefore = MEMBERSHIP.unauthenticatedCalls();

        Platform platform = newPlatform();
        send(completed(UUID.randomUUID(), platform, 1, 0));
        assertThat(awaitAllMailSent(platform, 1, platform.adminEmail())).hasSize(1);
        assertThat(MEMBERSHIP.unauthenticatedCalls()).isEqualTo(refusedBefore);
    }

    private int attempts(Platform platform) {
        Integer attempts = jdbc.queryForObject("SELECT coalesce(max(attempts), 0) FROM mail WHERE platform_id = ?",
                Integer.class, platform.id());
        return attempts == null ? 0 : attempts;
    }

    private double failedAttempts() {
        return meters.get("notification.mails.failed.attempts").counter().count();
    }
}
