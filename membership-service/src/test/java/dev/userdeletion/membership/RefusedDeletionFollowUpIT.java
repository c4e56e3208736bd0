package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/**
 * A deletion refused because the user is on other platforms too stands while the user stays on the refusing
 * platform: once the CSM's removals leave the user on that platform alone, the deletion goes through, announced with
 * the refused command's ids. Without a standing refusal the last membership stays protected (409).
 */
class RefusedDeletionFollowUpIT extends IntegrationTest {

    private static final String CSM = "csm-17";

    @Autowired
    MeterRegistry meters;

    @Test
    void aUserRefusedOnBothPlatformsIsDeletedWhenTheCsmRemovesThemFromOne() {
        String a = newPlatform();
        String b = newPlatform();
        String email = newEmail();
        String userId = member(a, email, "MENTOR");
        member(b, email, "MENTEE");
        call(HttpMethod.PUT, "/api/platforms/" + a + "/access-list/" + email, null);
        call(HttpMethod.PUT, "/api/platforms/" + b + "/access-list/" + email, null);
        String keptOnB = newEmail();
        call(HttpMethod.PUT, "/api/platforms/" + b + "/access-list/" + keptOnB, null);
        DeleteUsers onA = command(a, userId);
        DeleteUsers onB = command(b, userId);
        sendCommand(onA);
        sendCommand(onB);
        assertThat(refusal(onA).reason()).isEqualTo(RejectionReason.MULTI_PLATFORM);
        assertThat(refusal(onB).reason()).isEqualTo(RejectionReason.MULTI_PLATFORM);
        assertThat(jdbc.queryForList("SELECT * FROM standing_rejections WHERE user_id = ?::uuid", userId))
                .as("ids only").hasSize(2).allSatisfy(row -> assertThat(row.toString()).doesNotContain("@"));
        double deletedBefore = meters.get("membership.deletion.after.follow.up").counter().count();

        Response removed = callAs(SharedInfrastructure.tokens().csm(CSM), HttpMethod.DELETE,
                "/api/platforms/" + a + "/members/" + userId, null);

        assertThat(removed.status()).as(removed.raw()).isEqualTo(204);
        assertThat(get("/api/users/" + userId).status()).isEqualTo(404);
        for (String table : List.of("memberships", "standing_rejections")) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE user_id = ?::uuid", Integer.class,
                    userId)).as(table).isZero();
        }
        assertThat(accessList(a)).isEmpty();
        assertThat(accessList(b)).containsExactly(keptOnB);
        // B's refused command is answered again: the user is deleted, with B's request and command ids
        List<DeletionOutcome> onBOutcomes = outcomes(onB.requestId(), found -> found.size() >= 2);
        assertThat(onBOutcomes).hasSize(2);
        assertThat(onBOutcomes.get(1)).satisfies(deleted -> {
            assertThat(deleted.commandId()).isEqualTo(onB.commandId());
            assertThat(deleted.requestId()).isEqualTo(onB.requestId());
            assertThat(deleted.platformId()).isEqualTo(b);
            assertThat(deleted.deleted()).isEqualTo(onB.userIds());
            assertThat(deleted.rejected()).isEmpty();
        });
        assertThat(outcomes(onA.requestId(), found -> !found.isEmpty())).singleElement()
                .satisfies(outcome -> assertThat(outcome.rejected()).hasSize(1));
        // the CSM's removal is announced, then the tombstone
        List<ConsumerRecord<String, byte[]>> states = userStates(userId, r -> r.stream().anyMatch(s -> s.value() == null));
        assertThat(states.getLast().value()).as("the last user-state record is a tombstone").isNull();
        UserState lastState = decode(states.get(states.size() - 2));
        assertThat(lastState.memberships()).extracting(UserState.Membership::platformId).containsExactly(b);
        assertThat(lastState.changedBy()).isEqualTo(CSM);
        assertThat(meters.get("membership.deletion.after.follow.up").counter().count()).isEqualTo(deletedBefore + 1);
    }

    @Test
    void aRefusalGoesWhenTheUserLeavesThatPlatformAndTheLastMembershipStaysProtected() {
        String a = newPlatform();
        String b = newPlatform();
        String email = newEmail();
        String userId = member(a, email, "MENTOR");
        member(b, email, "MENTEE");
        DeleteUsers onA = command(a, userId);
        sendCommand(onA);
        assertThat(refusal(onA).reason()).isEqualTo(RejectionReason.MULTI_PLATFORM);

        // the CSM handles A's case the usual way: the user leaves A and stays on B
        assertThat(call(HttpMethod.DELETE, "/api/platforms/" + a + "/members/" + userId, null).status()).isEqualTo(204);
        assertThat(get("/api/users/" + userId).body().get("memberships")).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM standing_rejections WHERE user_id = ?::uuid",
                Integer.class, userId)).isZero();

        // nothing was refused on B: its last membership is not removed this way
        String before = snapshot();
        assertProblem(call(HttpMethod.DELETE, "/api/platforms/" + b + "/members/" + userId, null), 409,
                "last-membership");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(outcomes(onA.requestId(), found -> !found.isEmpty())).singleElement()
                .satisfies(outcome -> assertThat(outcome.rejected()).hasSize(1));
    }

    @Test
    void aUserOnThreePlatformsIsDeletedOnlyWhenLeftAloneOnTheRefusingOneAndEveryRefusedRequestIsAnswered() {
        String a = newPlatform();
        String b = newPlatform();
        String c = newPlatform();
        String email = newEmail();
        String userId = member(a, email, "MENTOR");
        member(b, email, "MENTEE");
        member(c, email, "MENTEE");
        DeleteUsers first = command(b, userId);
        DeleteUsers second = command(b, userId);
        sendCommand(first);
        sendCommand(first); // the same command again (another event id): answered once, recorded once
        sendCommand(second);
        assertThat(refusal(first).reason()).isEqualTo(RejectionReason.MULTI_PLATFORM);
        assertThat(refusal(second).reason()).isEqualTo(RejectionReason.MULTI_PLATFORM);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM standing_rejections WHERE user_id = ?::uuid",
                Integer.class, userId)).isEqualTo(2);

        assertThat(call(HttpMethod.DELETE, "/api/platforms/" + a + "/members/" + userId, null).status()).isEqualTo(204);
        assertThat(get("/api/users/" + userId).body().get("memberships")).hasSize(2);

        assertThat(call(HttpMethod.DELETE, "/api/platforms/" + c + "/members/" + userId, null).status()).isEqualTo(204);
        assertThat(get("/api/users/" + userId).status()).isEqualTo(404);
        for (DeleteUsers refused : List.of(first, second)) {
            List<DeletionOutcome> answers = outcomes(refused.requestId(), found -> found.size() >= 2);
            assertThat(answers).hasSize(2);
            assertThat(answers.get(0).rejected()).hasSize(1);
            assertThat(answers.get(1)).isEqualTo(new DeletionOutcome(refused.commandId(), refused.requestId(), b,
                    refused.userIds(), List.of(), List.of(), answers.get(1).decidedAt()));
        }
    }

    /** A chunk of one user, as the orchestrator would send for a request of one. */
    private static DeleteUsers command(String platform, String userId) {
        return new DeleteUsers(UUID.randomUUID(), UUID.randomUUID(), platform, List.of(UUID.fromString(userId)),
                "admin-1");
    }

    /** The first outcome of the command's request, which must refuse the command's one user. */
    private DeletionOutcome.RejectedUser refusal(DeleteUsers command) {
        DeletionOutcome first = outcomes(command.requestId(), found -> !found.isEmpty()).getFirst();
        assertThat(first.commandId()).isEqualTo(command.commandId());
        assertThat(first.deleted()).isEmpty();
        assertThat(first.rejected()).hasSize(1);
        return first.rejected().getFirst();
    }

    private List<String> accessList(String platform) {
        return get("/api/platforms/" + platform + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList();
    }
}
