package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.UserDeletionRejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rejections become one case per request; the CSM's removals resolve it; the admin is told at both ends. */
class FollowUpLifecycleIT extends IntegrationTest {

    @Test
    void twoOfFiveRejectedBecomeACaseThatClosesWhenTheCsmHasRemovedBoth() {
        Platform platform = newPlatform();
        String otherPlatform = "other-" + platform.id();
        List<UUID> deletable = new ArrayList<>();
        List<String> deletableEmails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = newEmail();
            deletableEmails.add(email);
            deletable.add(announceUser(email, platform.id()));
        }
        String annEmail = newEmail();
        String bobEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), otherPlatform);
        UUID bob = announceUser(bobEmail, platform.id(), otherPlatform);
        awaitDirectoryKnows(deletable.get(0), deletable.get(1), deletable.get(2), ann, bob);

        // membership-service deletes three (tombstones) and rejects the two on several platforms: one chunk's outcome
        UUID requestId = UUID.randomUUID();
        deletable.forEach(IntegrationTest::sendTombstone);
        send(new DeletionOutcome(UUID.randomUUID(), requestId, platform.id(), deletable,
                List.of(new DeletionOutcome.RejectedUser(ann, RejectionReason.MULTI_PLATFORM),
                        new DeletionOutcome.RejectedUser(bob, RejectionReason.MULTI_PLATFORM)), List.of(),
                Instant.now()));
        send(completed(requestId, platform, 3, 2));

        JsonNode opened = awaitCase(platform, requestId, c -> true);
        assertThat(casesOf(platform)).hasSize(1);
        assertThat(opened.get("state").asString()).isEqualTo("OPEN");
        assertThat(opened.get("platformId").asString()).isEqualTo(platform.id());
        assertThat(opened.get("closedAt").isNull()).isTrue();
        assertThat(items(opened)).extracting(i -> i.get("email").asString()).containsExactlyInAnyOrder(annEmail, bobEmail);
        assertThat(items(opened)).allSatisfy(i -> {
            assertThat(i.get("state").asString()).isEqualTo("OPEN");
            assertThat(i.get("reason").asString()).isEqualTo("MULTI_PLATFORM");
        });
        UUID caseId = UUID.fromString(opened.get("caseId").asString());
        assertThat(getOk("/api/csm/follow-ups/" + caseId)).isEqualTo(opened);

        // one mail to the CSM listing both, one to the admin with the counts
        awaitAllMailSent(platform, 2, platform.csmEmail());
        List<TestSmtp.Mail> csmMails = SMTP.to(platform.csmEmail());
        assertThat(csmMails).hasSize(1);
        TestSmtp.Mail csmMail = csmMails.getFirst();
        assertThat(csmMail.body()).contains(annEmail, bobEmail, requestId.toString(), caseId.toString());
        assertThat(csmMail.body()).doesNotContain(deletableEmails);
        assertThat(csmMail.subject()).doesNotContain("@").contains(requestId.toString());
        assertThat(csmMail.from()).isEqualTo("no-reply@user-deletion.example");
        assertThat(csmMail.messageId()).endsWith("@user-deletion.example>");
        List<TestSmtp.Mail> adminMails = SMTP.to(platform.adminEmail());
        assertThat(adminMails).hasSize(1);
        assertThat(adminMails.getFirst().body()).contains(
                "3 users were deleted, 2 could not be deleted and were passed to your Customer Success Manager");
        assertThat(notificationsOf(platform)).singleElement().satisfies(n -> {
            assertThat(n.get("type").asString()).isEqualTo("DELETION_COMPLETED");
            assertThat(n.get("requestId").asString()).isEqualTo(requestId.toString());
            assertThat(n.get("message").asString()).isEqualTo(
                    "3 users were deleted, 2 could not be deleted and were passed to your Customer Success Manager");
            assertThat(Instant.parse(n.get("createdAt").asString())).isNotNull();
        });

        List<ConsumerRecord<String, byte[]>> events = followUpEvents(caseId, r -> !r.isEmpty());
        assertThat(types(events)).containsExactly("FollowUpOpened");
        assertThat(decode(events.getFirst())).isEqualTo(new FollowUpOpened(caseId, platform.id(), requestId, 2,
                Instant.parse(opened.get("openedAt").asString())));
        assertNoEmailIn(events);

        // the CSM removes ann from the platform: membership-service publishes her new state (other platform only)
        send(userState(ann, annEmail, 2, otherPlatform));
        JsonNode oneLeft = awaitCase(platform, requestId, c -> state(c, ann).equals("RESOLVED"));
        assertThat(oneLeft.get("state").asString()).isEqualTo("OPEN");
        assertThat(state(oneLeft, bob)).isEqualTo("OPEN");
        events = followUpEvents(caseId, r -> r.size() >= 2);
        assertThat(types(events)).containsExactly("FollowUpOpened", "FollowUpItemResolved");
        FollowUpItemResolved resolved = (FollowUpItemResolved) decode(events.get(1));
        assertThat(resolved.userId()).isEqualTo(ann);
        assertThat(resolved.remaining()).isEqualTo(1);

        // ... and then bob: the case closes and the admin is told
        send(userState(bob, bobEmail, 2, otherPlatform));
        JsonNode closed = awaitCase(platform, requestId, c -> c.get("state").asString().equals("CLOSED"));
        assertThat(closed.get("closedAt").isNull()).isFalse();
        assertThat(items(closed)).allSatisfy(i -> assertThat(i.get("state").asString()).isEqualTo("RESOLVED"));
        assertThat(getOk("/api/csm/follow-ups?state=OPEN")).noneMatch(c -> c.get("caseId").asString()
                .equals(caseId.toString()));
        assertThat(getOk("/api/csm/follow-ups?state=CLOSED&platformId=" + platform.id())).hasSize(1);

        events = followUpEvents(caseId, r -> r.size() >= 4);
        assertThat(types(events)).containsExactly("FollowUpOpened", "FollowUpItemResolved", "FollowUpItemResolved",
                "FollowUpClosed");
        assertThat(((FollowUpItemResolved) decode(events.get(2))).remaining()).isZero();
        assertThat(decode(events.get(3))).isEqualTo(new FollowUpClosed(caseId, platform.id(), requestId, 2,
                Instant.parse(closed.get("closedAt").asString())));
        assertNoEmailIn(events);

        awaitAllMailSent(platform, 3, platform.adminEmail());
        adminMails = SMTP.to(platform.adminEmail());
        assertThat(adminMails).hasSize(2);
        assertThat(adminMails).anySatisfy(m -> assertThat(m.body()).contains("All users have been removed"));
        assertThat(SMTP.to(platform.csmEmail())).hasSize(1);
        List<JsonNode> notifications = notificationsOf(platform);
        assertThat(notifications).extracting(n -> n.get("type").asString())
                .containsExactly("FOLLOW_UP_CLOSED", "DELETION_COMPLETED");
        assertThat(notifications.getFirst().get("message").asString()).startsWith("All users have been removed");
        assertThat(notifications.getFirst().get("requestId").asString()).isEqualTo(requestId.toString());
    }

    @Test
    void outcomesAfterTheCompletionStillOpenOneCaseAndDuplicatesChangeNothing() {
        Platform platform = newPlatform();
        String annEmail = newEmail();
        String bobEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), "elsewhere");
        UUID bob = announceUser(bobEmail, platform.id(), "elsewhere");
        awaitDirectoryKnows(ann, bob);
        UUID requestId = UUID.randomUUID();

        // the completion first (twice, under two event ids), then the rejections with duplicates of both kinds
        List<UUID> eventIds = new ArrayList<>();
        eventIds.add(send(completed(requestId, platform, 1, 2)));
        eventIds.add(send(completed(requestId, platform, 1, 2)));
        DeletionOutcome annRejected = rejected(requestId, platform, ann);
        UUID annEvent = send(annRejected);
        send(annRejected, annEvent); // redelivered: same event id
        eventIds.add(send(annRejected)); // the same rejection under another event id
        eventIds.add(send(rejected(requestId, platform, ann))); // and another command
        eventIds.add(send(rejected(requestId, platform, bob)));

        JsonNode opened = awaitCase(platform, requestId, c -> true);
        // more duplicates after the case opened
        eventIds.add(send(rejected(requestId, platform, bob)));
        eventIds.add(send(completed(requestId, platform, 1, 2)));
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ANY(?::uuid[])", Integer.class,
                (Object) eventIds.stream().map(UUID::toString).toArray(String[]::new)) == eventIds.size());

        assertThat(casesOf(platform)).hasSize(1);
        assertThat(items(opened)).extracting(i -> i.get("email").asString()).containsExactlyInAnyOrder(annEmail, bobEmail);
        assertThat(items(casesOf(platform).getFirst())).hasSize(2);
        awaitAllMailSent(platform, 2, platform.csmEmail());
        assertThat(SMTP.to(platform.csmEmail())).singleElement()
                .satisfies(m -> assertThat(m.body()).contains(annEmail, bobEmail));
        assertThat(SMTP.to(platform.adminEmail())).singleElement().satisfies(m -> assertThat(m.body())
                .contains("1 user was deleted, 2 could not be deleted and were passed to your Customer Success Manager"));
        assertThat(notificationsOf(platform)).hasSize(1);
        UUID caseId = UUID.fromString(opened.get("caseId").asString());
        assertThat(types(followUpEvents(caseId, r -> !r.isEmpty()))).containsExactly("FollowUpOpened");
    }

    @Test
    void aUserAlreadyOffThePlatformStartsResolvedAndATombstoneResolvesTheOther() {
        Platform platform = newPlatform();
        String annEmail = newEmail();
        String bobEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), "elsewhere");
        UUID bob = announceUser(bobEmail, platform.id(), "elsewhere");
        awaitDirectoryKnows(ann, bob);
        UUID requestId = UUID.randomUUID();

        // the CSM removed ann from the platform before this service opened the case
        send(userState(ann, annEmail, 2, "elsewhere"));
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT revision FROM contact WHERE user_id = ?",
                Long.class, ann) == 2L);
        send(rejected(requestId, platform, ann));
        send(rejected(requestId, platform, bob));
        send(completed(requestId, platform, 0, 2));

        JsonNode opened = awaitCase(platform, requestId, c -> true);
        assertThat(opened.get("state").asString()).isEqualTo("OPEN");
        assertThat(state(opened, ann)).isEqualTo("RESOLVED");
        assertThat(state(opened, bob)).isEqualTo("OPEN");
        UUID caseId = UUID.fromString(opened.get("caseId").asString());
        List<ConsumerRecord<String, byte[]>> events = followUpEvents(caseId, r -> r.size() >= 2);
        assertThat(types(events)).containsExactly("FollowUpOpened", "FollowUpItemResolved");
        assertThat(((FollowUpItemResolved) decode(events.get(1))).userId()).isEqualTo(ann);
        assertThat(((FollowUpItemResolved) decode(events.get(1))).remaining()).isEqualTo(1);
        awaitAllMailSent(platform, 2, platform.csmEmail());
        assertThat(SMTP.to(platform.csmEmail())).singleElement().satisfies(m -> {
            assertThat(m.body()).contains(bobEmail).doesNotContain(annEmail);
        });

        // bob's account is deleted altogether (by another platform): the tombstone resolves his item
        sendTombstone(bob);
        JsonNode closed = awaitCase(platform, requestId, c -> c.get("state").asString().equals("CLOSED"));
        assertThat(state(closed, bob)).isEqualTo("RESOLVED");
        assertThat(item(closed, bob).get("email").isNull()).as("a deleted user's email is not kept").isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contact WHERE user_id = ? AND email IS NULL"
                + " AND erased_at IS NOT NULL", Integer.class, bob)).isEqualTo(1);
        assertThat(types(followUpEvents(caseId, r -> r.size() >= 4))).containsExactly("FollowUpOpened",
                "FollowUpItemResolved", "FollowUpItemResolved", "FollowUpClosed");
        awaitAllMailSent(platform, 3, platform.adminEmail());
        assertThat(SMTP.to(platform.adminEmail())).hasSize(2);
        assertThat(notificationsOf(platform)).extracting(n -> n.get("type").asString())
                .containsExactly("FOLLOW_UP_CLOSED", "DELETION_COMPLETED");

        // a stale copy of bob's state cannot bring his email back
        UUID stale = send(userState(bob, bobEmail, 7, platform.id()));
        awaitConsumed(stale, "notification-directory");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM contact WHERE user_id = ? AND email IS NULL",
                Integer.class, bob)).isEqualTo(1);
    }

    @Test
    void aUserWhoWasNoLongerAMemberIsNotPassedToTheCsm() {
        Platform platform = newPlatform();
        String annEmail = newEmail();
        String calEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), "elsewhere");
        // cal left the platform between the review and the deletion: membership-service answers NOT_A_MEMBER
        UUID cal = announceUser(calEmail, "elsewhere");
        awaitDirectoryKnows(ann, cal);

        UUID requestId = UUID.randomUUID();
        send(rejected(requestId, platform, new DeletionOutcome.RejectedUser(ann, RejectionReason.MULTI_PLATFORM),
                new DeletionOutcome.RejectedUser(cal, RejectionReason.NOT_A_MEMBER)));
        send(completed(requestId, platform, 0,
                Map.of(RejectionReason.MULTI_PLATFORM, 1, RejectionReason.NOT_A_MEMBER, 1)));

        JsonNode opened = awaitCase(platform, requestId, c -> true);
        assertThat(items(opened)).extracting(i -> i.get("userId").asString()).containsExactly(ann.toString());
        UUID caseId = UUID.fromString(opened.get("caseId").asString());
        assertThat(((FollowUpOpened) decode(followUpEvents(caseId, r -> !r.isEmpty()).getFirst())).itemCount())
                .isEqualTo(1);
        awaitAllMailSent(platform, 2, platform.csmEmail());
        assertThat(SMTP.to(platform.csmEmail())).singleElement().satisfies(m -> assertThat(m.body())
                .contains(annEmail, "This user could not be deleted because they belong to other platforms too").doesNotContain(calEmail, "not reached"));
        String told = "0 users were deleted, 1 could not be deleted and was passed to your Customer Success Manager,"
                + " 1 was no longer a member of this platform";
        assertThat(SMTP.to(platform.adminEmail())).singleElement().satisfies(m -> assertThat(m.body()).contains(told));
        assertThat(notificationsOf(platform)).singleElement()
                .satisfies(n -> assertThat(n.get("message").asString()).isEqualTo(told));

        // a request whose only rejections are users no longer members: no case, nothing for the CSM
        Platform second = newPlatform();
        UUID onlyNotMembers = UUID.randomUUID();
        send(rejected(onlyNotMembers, second, new DeletionOutcome.RejectedUser(cal, RejectionReason.NOT_A_MEMBER)));
        send(completed(onlyNotMembers, second, 0, Map.of(RejectionReason.NOT_A_MEMBER, 1)));
        assertThat(awaitAllMailSent(second, 1, second.adminEmail())).singleElement().satisfies(m -> assertThat(
                m.body()).contains("0 users were deleted, 1 was no longer a member of this platform"));
        assertThat(SMTP.to(second.csmEmail())).isEmpty();
        assertThat(casesOf(second)).isEmpty();
        assertThat(notificationsOf(second)).singleElement().satisfies(n -> {
            assertThat(n.get("message").asString()).isEqualTo("0 users were deleted, 1 was no longer a member of"
                    + " this platform");
            assertThat(n.get("caseId").isNull()).isTrue();
        });
    }

    private static List<JsonNode> items(JsonNode followUp) {
        return StreamSupport.stream(followUp.get("items").spliterator(), false).toList();
    }

    private static JsonNode item(JsonNode followUp, UUID userId) {
        return items(followUp).stream().filter(i -> i.get("userId").asString().equals(userId.toString())).findFirst()
                .orElseThrow();
    }

    private static String state(JsonNode followUp, UUID userId) {
        return item(followUp, userId).get("state").asString();
    }

    private static void assertNoEmailIn(List<ConsumerRecord<String, byte[]>> events) {
        for (ConsumerRecord<String, byte[]> event : events) {
            assertThat(new String(event.value(), StandardCharsets.UTF_8)).doesNotContain("@");
        }
    }

    /** A per-user rejection written before chunks existed may still be in the log: it is collected as before. */
    @Test
    void aVersionOnePerUserRejectionStillInTheLogJoinsTheCase() {
        Platform platform = newPlatform();
        String annEmail = newEmail();
        UUID ann = announceUser(annEmail, platform.id(), "elsewhere");
        awaitDirectoryKnows(ann);
        UUID requestId = UUID.randomUUID();

        send(new UserDeletionRejected(UUID.randomUUID(), requestId, platform.id(), ann,
                RejectionReason.MULTI_PLATFORM));
        send(completed(requestId, platform, 0, 1));

        JsonNode opened = awaitCase(platform, requestId, c -> true);
        assertThat(state(opened, ann)).isEqualTo("OPEN");
        assertThat(item(opened, ann).get("email").asString()).isEqualTo(annEmail);
    }

}
