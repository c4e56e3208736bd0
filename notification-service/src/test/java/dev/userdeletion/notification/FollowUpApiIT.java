package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The CSV of a case, platform scoping of the admin feed and bad parameters. */
class FollowUpApiIT extends IntegrationTest {

    @Test
    void theCsvListsTheEmailsAndDefusesFormulas() {
        Platform platform = newPlatform();
        // valid addresses (membership-service accepts them) that a spreadsheet would take for formulas; values
        // starting with @, tab or CR and values that need RFC 4180 quoting are no addresses: see EmailCsvTest
        List<String> emails = List.of("=sum@example.com", "+tag@example.com", "-dash@example.com",
                "=cmd|calc@example.com", "plain@example.com");
        UUID requestId = UUID.randomUUID();
        UUID[] users = emails.stream().map(e -> announceUser(e, platform.id(), "elsewhere")).toArray(UUID[]::new);
        awaitDirectoryKnows(users);
        for (UUID user : users) {
            send(rejected(requestId, platform, user));
        }
        send(completed(requestId, platform, 0, users.length));
        JsonNode followUp = awaitCase(platform, requestId, c -> true);

        Response csv = get("/api/csm/follow-ups/" + followUp.get("caseId").asString() + "/emails.csv",
                MediaType.parseMediaType("text/csv"));
        assertThat(csv.status()).as(csv.raw()).isEqualTo(200);
        assertThat(csv.contentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        assertThat(csv.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment");
        assertThat(csv.raw()).isEqualTo("""
                email\r
                '+tag@example.com\r
                '-dash@example.com\r
                '=cmd|calc@example.com\r
                '=sum@example.com\r
                plain@example.com\r
                """);
    }

    @Test
    void aPlatformSeesOnlyItsOwnNotificationsAndCases() {
        Platform a = newPlatform();
        Platform b = newPlatform();
        UUID user = announceUser(newEmail(), a.id(), b.id());
        awaitDirectoryKnows(user);
        UUID requestOfA = UUID.randomUUID();
        send(rejected(requestOfA, a, user));
        send(completed(requestOfA, a, 2, 1));
        UUID requestOfB = UUID.randomUUID();
        send(completed(requestOfB, b, 5, 0));

        JsonNode caseOfA = awaitCase(a, requestOfA, c -> true);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> notificationsOf(b).size() == 1);
        assertThat(notificationsOf(b)).extracting(n -> n.get("requestId").asString())
                .containsExactly(requestOfB.toString());
        assertThat(notificationsOf(b).getFirst().get("message").asString()).isEqualTo("5 users were deleted");
        assertThat(notificationsOf(a)).extracting(n -> n.get("requestId").asString())
                .containsExactly(requestOfA.toString());
        assertThat(casesOf(b)).isEmpty();
        assertThat(getOk("/api/csm/follow-ups")).anyMatch(c -> c.get("caseId").equals(caseOfA.get("caseId")));
    }

    @Test
    void badParametersAreProblemDetails() {
        assertProblem(get("/api/csm/follow-ups?platformId=Not_A_Platform"), 400, "invalid-request");
        assertProblem(get("/api/csm/follow-ups?platformId=" + "a".repeat(65)), 400, "invalid-request");
        assertProblem(get("/api/csm/follow-ups?state=open"), 400, "invalid-request");
        assertProblem(get("/api/csm/follow-ups?state=RESOLVED"), 400, "invalid-request");
        assertProblem(get("/api/csm/follow-ups/not-a-uuid"), 400, "invalid-request");
        assertProblem(get("/api/csm/follow-ups/1-2-3-4-5/emails.csv", MediaType.parseMediaType("text/csv"),
                MediaType.APPLICATION_PROBLEM_JSON), 400, "invalid-request");
        assertProblem(get("/api/csm/follow-ups/" + UUID.randomUUID() + "/emails.csv",
                MediaType.parseMediaType("text/csv")), 404, "not-found");
        assertProblem(get("/api/csm/follow-ups/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(get("/api/csm/follow-ups/" + UUID.randomUUID() + "/emails.csv",
                MediaType.parseMediaType("text/csv"), MediaType.APPLICATION_PROBLEM_JSON), 404, "not-found");
        // no admin token can name such a platform: authorisation refuses before validation is reached
        assertProblem(get("/api/platforms/ACME/notifications"), 403, "forbidden");
        assertProblem(get("/api/platforms/a%20b/notifications"), 403, "forbidden");
        assertThat(getOk("/api/platforms/no-such-platform/notifications")).isEmpty();
    }
}
