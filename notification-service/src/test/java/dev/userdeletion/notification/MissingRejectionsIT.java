package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.FollowUpItemAdded;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.notification.followup.FollowUpService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A request whose announced rejections do not all arrive still gets its case, after the rejection wait, with the
 * rejections known; a rejection that arrives after that joins the case (reopening it if it was closed), the CSM is
 * mailed about it, and nothing is lost or doubled by redeliveries.
 *
 * <p>The rejection wait keeps its default (minutes) here; a test makes it pass for its own request by moving the
 * moment its completion arrived back by an hour, which is what waiting would do.
 */
class MissingRejectionsIT extends IntegrationTest {

    private static final String CLOSED_MESSAGE_ONE = "All users have been removed: the 1 user that could not be"
            + " deleted is no longer on your platform";

    @Autowired
    MeterRegistry meters;

    @Autowired
    FollowUpService followUps;

    /** A platform whose request 3 deleted and 2 rejected (ann and bob, both also on another platform). */
    private record Scenario(Platform platform, UUID requestId, UUID ann, String annEmail, UUID bob, String bobEmail) {
    }

    private Scenario scenario() {
        Platform platform = newPlatform();
        String annEmail = newEmail();
        String bobEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), "elsewhere");
        UUID bob = announceUser(bobEmail, platform.id(), "elsewhere");
        awaitDirectoryKnows(ann, bob);
        return new Scenario(platform, UUID.randomUUID(), ann, annEmail, bob, bobEmail);
    }

    /** Ann's rejection and the completion arrive, bob's rejection does not; the wait then passes. */
    private JsonNode openedWithAnnOnly(Scenario s) {
        send(rejected(s.requestId(), s.platform(), s.ann()));
        send(completed(s.requestId(), s.platform(), 3, 2));
        awaitCollected(s.requestId(), 1);
        assertThat(casesOf(s.platform())).as("within the rejection wait the case waits for bob").isEmpty();
        assertThat(notificationsOf(s.platform())).isEmpty();
        passRejectionWait(s.requestId());
        return awaitCase(s.platform(), s.requestId(), c -> true);
    }

    @Test
    void aCompletionWhoseRejectionsNeverAllArriveOpensTheCaseAfterTheWaitWithThoseKnown() {
        Scenario s = scenario();
        double incompleteBefore = counter("notification.requests.handled.incomplete");

        JsonNode opened = openedWithAnnOnly(s);

        assertThat(opened.get("state").asString()).isEqualTo("OPEN");
        assertThat(items(opened)).singleElement().satisfies(i -> {
            assertThat(i.get("userId").asString()).isEqualTo(s.ann().toString());
            assertThat(i.get("email").asString()).isEqualTo(s.annEmail());
            assertThat(i.get("state").asString()).isEqualTo("OPEN");
        });
        UUID caseId = caseId(opened);
        assertThat(decode(followUpEvents(caseId, r -> !r.isEmpty()).getFirst()))
                .isEqualTo(new FollowUpOpened(caseId, s.platform().id(), s.requestId(), 1,
                        Instant.parse(opened.get("openedAt").asString())));
        // the admin hears the counts the request announced; the CSM gets ann and word that one more is on its way
        assertThat(notificationsOf(s.platform())).singleElement().satisfies(n -> assertThat(n.get("message").asString())
                .isEqualTo("3 users were deleted, 2 could not be deleted and were passed to your Customer Success"
                        + " Manager"));
        awaitAllMailSent(s.platform(), 2, s.platform().csmEmail());
        assertThat(SMTP.to(s.platform().csmEmail())).singleElement().satisfies(m -> assertThat(m.body())
                .contains(s.annEmail(), "1 more user could not be deleted but has not reached this service yet")
                .doesNotContain(s.bobEmail()));
        assertThat(counter("notification.requests.handled.incomplete")).isEqualTo(incompleteBefore + 1);
    }

    @Test
    void aLateRejectionJoinsTheCaseOnceWhateverItsRedeliveriesAndTheCsmIsMailedAboutIt() {
        Scenario s = scenario();
        JsonNode opened = openedWithAnnOnly(s);
        UUID caseId = caseId(opened);
        awaitAllMailSent(s.platform(), 2, s.platform().csmEmail());
        double lateBefore = counter("notification.rejections.late");

        DeletionOutcome bobRejected = rejected(s.requestId(), s.platform(), s.bob());
        UUID bobEvent = send(bobRejected);
        send(bobRejected, bobEvent);                                       // redelivered: same event id
        UUID again = send(bobRejected);                                    // the same outcome published again
        UUID otherCommand = send(rejected(s.requestId(), s.platform(), s.bob())); // another command for bob
        awaitInbox(bobEvent, again, otherCommand);

        JsonNode joined = awaitCase(s.platform(), s.requestId(), c -> c.get("items").size() == 2);
        assertThat(joined.get("caseId").asString()).isEqualTo(caseId.toString());
        assertThat(casesOf(s.platform())).hasSize(1);
        assertThat(item(joined, s.bob()).get("state").asString()).isEqualTo("OPEN");
        assertThat(item(joined, s.bob()).get("email").asString()).isEqualTo(s.bobEmail());
        assertThat(counter("notification.rejections.late")).isEqualTo(lateBefore + 1);

        List<ConsumerRecord<String, byte[]>> events = followUpEvents(caseId, r -> r.size() >= 2);
        assertThat(types(events)).containsExactly("FollowUpOpened", "FollowUpItemAdded");
        FollowUpItemAdded added = (FollowUpItemAdded) decode(events.get(1));
        assertThat(added.userId()).isEqualTo(s.bob());
        assertThat(added.reason()).isEqualTo(RejectionReason.MULTI_PLATFORM);
        assertThat(added.remaining()).isEqualTo(2);

        // the CSM gets one more mail, about bob only; the admin is not told again
        List<TestSmtp.Mail> csmMails = awaitAllMailSent(s.platform(), 3, s.platform().csmEmail());
        assertThat(csmMails).hasSize(2);
        assertThat(csmMails).filteredOn(m -> m.body().contains(s.bobEmail())).singleElement().satisfies(m -> {
            assertThat(m.body()).doesNotContain(s.annEmail()).contains(caseId.toString(), "2 users to remove now");
            assertThat(m.subject()).doesNotContain("@").contains(s.requestId().toString());
        });
        assertThat(SMTP.to(s.platform().adminEmail())).hasSize(1);

        // both leave the platform: the case closes and the admin is told once
        send(userState(s.ann(), s.annEmail(), 2, "elsewhere"));
        send(userState(s.bob(), s.bobEmail(), 2, "elsewhere"));
        JsonNode closed = awaitCase(s.platform(), s.requestId(), c -> c.get("state").asString().equals("CLOSED"));
        assertThat(items(closed)).allSatisfy(i -> assertThat(i.get("state").asString()).isEqualTo("RESOLVED"));
        awaitAllMailSent(s.platform(), 4, s.platform().adminEmail());
        assertThat(notificationsOf(s.platform())).extracting(n -> n.get("message").asString()).containsExactly(
                "All users have been removed: the 2 users that could not be deleted are no longer on your platform",
                "3 users were deleted, 2 could not be deleted and were passed to your Customer Success Manager");
    }

    @Test
    void aLateRejectionOfAUserNoLongerAMemberAddsNothingForTheCsm() {
        Scenario s = scenario();
        // bob left the platform before the deletion ran: his rejection is NOT_A_MEMBER, and it is the one late
        send(rejected(s.requestId(), s.platform(), s.ann()));
        send(completed(s.requestId(), s.platform(), 3,
                Map.of(RejectionReason.MULTI_PLATFORM, 1, RejectionReason.NOT_A_MEMBER, 1)));
        awaitCollected(s.requestId(), 1);
        passRejectionWait(s.requestId());
        UUID caseId = caseId(awaitCase(s.platform(), s.requestId(), c -> true));
        // nothing for the CSM is missing: the mail does not announce one more
        assertThat(awaitAllMailSent(s.platform(), 2, s.platform().csmEmail())).singleElement().satisfies(m ->
                assertThat(m.body()).contains(s.annEmail()).doesNotContain("not reached this service"));
        double lateBefore = counter("notification.rejections.late");

        UUID late = send(rejected(s.requestId(), s.platform(),
                new DeletionOutcome.RejectedUser(s.bob(), RejectionReason.NOT_A_MEMBER)));
        awaitInbox(late);
        await().atMost(WAIT).until(() -> counter("notification.rejections.late") == lateBefore + 1);
        followUps.tellCsmAboutAddedItems(100);
        assertThat(casesOf(s.platform())).singleElement().satisfies(c -> {
            assertThat(c.get("caseId").asString()).isEqualTo(caseId.toString());
            assertThat(items(c)).extracting(i -> i.get("userId").asString()).containsExactly(s.ann().toString());
        });
        assertThat(types(followUpEvents(caseId, r -> !r.isEmpty()))).containsExactly("FollowUpOpened");
        assertThat(awaitAllMailSent(s.platform(), 2, s.platform().csmEmail())).hasSize(1);
    }

    @Test
    void aLateRejectionReopensAClosedCaseAndItsClosingIsToldAgain() {
        Scenario s = scenario();
        JsonNode opened = openedWithAnnOnly(s);
        UUID caseId = caseId(opened);

        // ann leaves: the case, holding only her, closes and the admin is told
        send(userState(s.ann(), s.annEmail(), 2, "elsewhere"));
        awaitCase(s.platform(), s.requestId(), c -> c.get("state").asString().equals("CLOSED"));
        awaitAllMailSent(s.platform(), 3, s.platform().adminEmail());

        // bob's rejection turns up: the case is open again with bob, and the CSM is mailed about him
        send(rejected(s.requestId(), s.platform(), s.bob()));
        JsonNode reopened = awaitCase(s.platform(), s.requestId(), c -> c.get("items").size() == 2);
        assertThat(reopened.get("state").asString()).isEqualTo("OPEN");
        assertThat(reopened.get("closedAt").isNull()).isTrue();
        assertThat(item(reopened, s.bob()).get("state").asString()).isEqualTo("OPEN");
        assertThat(getOk("/api/csm/follow-ups?state=OPEN&platformId=" + s.platform().id())).hasSize(1);
        List<TestSmtp.Mail> csmMails = awaitAllMailSent(s.platform(), 4, s.platform().csmEmail());
        assertThat(csmMails).filteredOn(m -> m.body().contains(s.bobEmail())).hasSize(1);

        // bob's account is deleted (tombstone): the case closes again and the admin is told again
        sendTombstone(s.bob());
        JsonNode closedAgain = awaitCase(s.platform(), s.requestId(),
                c -> c.get("state").asString().equals("CLOSED") && c.get("items").size() == 2);
        assertThat(item(closedAgain, s.bob()).get("email").isNull()).as("a deleted user's email is not kept").isTrue();
        List<ConsumerRecord<String, byte[]>> events = followUpEvents(caseId, r -> r.size() >= 6);
        assertThat(types(events)).containsExactly("FollowUpOpened", "FollowUpItemResolved", "FollowUpClosed",
                "FollowUpItemAdded", "FollowUpItemResolved", "FollowUpClosed");
        assertThat(((FollowUpItemAdded) decode(events.get(3))).remaining()).isEqualTo(1);
        assertThat(((FollowUpItemResolved) decode(events.get(4))).remaining()).isZero();
        awaitAllMailSent(s.platform(), 5, s.platform().adminEmail());
        assertThat(notificationsOf(s.platform())).extracting(n -> n.get("type").asString())
                .containsExactly("FOLLOW_UP_CLOSED", "FOLLOW_UP_CLOSED", "DELETION_COMPLETED");
        assertThat(notificationsOf(s.platform()).getFirst().get("message").asString()).isEqualTo(
                "All users have been removed: the 2 users that could not be deleted are no longer on your platform");
        assertThat(notificationsOf(s.platform()).get(1).get("message").asString()).isEqualTo(CLOSED_MESSAGE_ONE);
        assertThat(SMTP.to(s.platform().adminEmail())).hasSize(3);
    }

    @Test
    void aRequestHandledBeforeAnyOfItsRejectionsArrivedGetsACaseWhenOneDoes() {
        Scenario s = scenario();
        send(completed(s.requestId(), s.platform(), 1, 1));
        awaitCollected(s.requestId(), 0);
        passRejectionWait(s.requestId());
        await().atMost(WAIT).until(() -> notificationsOf(s.platform()).size() == 1);
        assertThat(notificationsOf(s.platform()).getFirst().get("message").asString()).isEqualTo(
                "1 user was deleted, 1 could not be deleted and was passed to your Customer Success Manager");
        assertThat(casesOf(s.platform())).isEmpty();

        send(rejected(s.requestId(), s.platform(), s.ann()));
        JsonNode opened = awaitCase(s.platform(), s.requestId(), c -> true);
        assertThat(items(opened)).extracting(i -> i.get("userId").asString()).containsExactly(s.ann().toString());
        List<TestSmtp.Mail> csmMails = awaitAllMailSent(s.platform(), 2, s.platform().csmEmail());
        assertThat(csmMails).singleElement().satisfies(m -> assertThat(m.body()).contains(s.annEmail()));
        assertThat(notificationsOf(s.platform())).hasSize(1);
    }

    @Test
    void twoInstancesCheckingAtOnceOpenEachOverdueCaseOnce() throws Exception {
        Platform platform = newPlatform();
        List<UUID> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID requestId = UUID.randomUUID();
            requests.add(requestId);
            send(rejected(requestId, platform, UUID.randomUUID()));
            send(completed(requestId, platform, 0, 2));
        }
        requests.forEach(r -> awaitCollected(r, 1));
        // two more checkers beside the service's own scheduled one, all on the same database
        Instant cutoff = Instant.now();
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Integer> checker = () -> {
            start.await();
            int handled = 0;
            for (UUID requestId : followUps.overdueRequests(cutoff, 1000)) {
                handled += followUps.handleOverdue(requestId, cutoff) ? 1 : 0;
            }
            return handled;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            passRejectionWait(requests.toArray(UUID[]::new));
            Future<Integer> first = pool.submit(checker);
            Future<Integer> second = pool.submit(checker);
            assertThat(first.get() + second.get()).isLessThanOrEqualTo(requests.size());
        } finally {
            pool.shutdownNow();
        }

        await().atMost(WAIT).until(() -> casesOf(platform).size() == requests.size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM follow_up_case WHERE request_id = ANY(?::uuid[])",
                Integer.class, (Object) requests.stream().map(UUID::toString).toArray(String[]::new)))
                .isEqualTo(requests.size());
        assertThat(casesOf(platform)).allSatisfy(c -> assertThat(c.get("items")).hasSize(1));
        awaitAllMailSent(platform, 2 * requests.size(), platform.csmEmail());
        assertThat(SMTP.to(platform.csmEmail())).hasSize(requests.size());
        assertThat(notificationsOf(platform)).hasSize(requests.size());
    }

    // --- helpers -------------------------------------------------------------------------------------

    private void awaitCollected(UUID requestId, int collected) {
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT count(*) FROM deletion_request WHERE request_id = ?"
                + " AND collected = ? AND rejected IS NOT NULL", Integer.class, requestId, collected) == 1);
    }

    /** What waiting out notification.follow-up.rejection-wait does: the completion arrived an hour earlier. */
    private void passRejectionWait(UUID... requestIds) {
        for (UUID requestId : requestIds) {
            assertThat(jdbc.update("UPDATE deletion_request SET completion_seen_at = completion_seen_at - interval"
                    + " '1 hour' WHERE request_id = ? AND handled_at IS NULL", requestId)).isEqualTo(1);
        }
    }

    private void awaitInbox(UUID... eventIds) {
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ANY(?::uuid[])",
                Integer.class, (Object) java.util.Arrays.stream(eventIds).map(UUID::toString).toArray(String[]::new))
                == eventIds.length);
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    private static UUID caseId(JsonNode followUp) {
        return UUID.fromString(followUp.get("caseId").asString());
    }

    private static List<JsonNode> items(JsonNode followUp) {
        return StreamSupport.stream(followUp.get("items").spliterator(), false).toList();
    }

    private static JsonNode item(JsonNode followUp, UUID userId) {
        return items(followUp).stream().filter(i -> i.get("userId").asString().equals(userId.toString())).findFirst()
                .orElseThrow();
    }
}
