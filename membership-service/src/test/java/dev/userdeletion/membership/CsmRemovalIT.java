package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.TestCallers;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The CSM removes one platform membership of a user who stays on other platforms. */
class CsmRemovalIT extends IntegrationTest {

    @Test
    void removesOneMembershipAndItsAccessListEntryAndAnnouncesTheNewState() {
        String platform = newPlatform();
        String other = newPlatform();
        String email = newEmail();
        String userId = member(platform, email, "MENTOR");
        member(other, email, "MENTEE");
        call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + email, null);

        Response removed = call(HttpMethod.DELETE, "/api/platforms/" + platform + "/members/" + userId, null);

        assertThat(removed.status()).as(removed.raw()).isEqualTo(204);
        var user = get("/api/users/" + userId).body();
        assertThat(user.get("memberships")).hasSize(1);
        assertThat(user.get("memberships").get(0).get("platformId").asString()).isEqualTo(other);
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails")).isEmpty();
        List<ConsumerRecord<String, byte[]>> states = userStates(userId, records -> records.size() >= 3);
        UserState latest = decode(states.getLast());
        assertThat(latest.memberships()).extracting(UserState.Membership::platformId).containsExactly(other);
        assertThat(latest.revision()).isEqualTo(3);
    }

    @Test
    void theNewStateNamesTheCsmWhoRemovedTheMembership() {
        String platform = newPlatform();
        String other = newPlatform();
        String email = newEmail();
        String userId = member(platform, email, "MENTOR");
        member(other, email, "MENTEE");

        Response removed = callAs(SharedInfrastructure.tokens().csm("csm-42"), HttpMethod.DELETE,
                "/api/platforms/" + platform + "/members/" + userId, null);

        assertThat(removed.status()).as(removed.raw()).isEqualTo(204);
        List<UserState> states = userStates(userId, records -> records.size() >= 3).stream().map(this::decode).toList();
        assertThat(states).extracting(UserState::revision, UserState::changedBy).containsExactly(
                tuple(1L, TestCallers.FULL_ACCESS_SUBJECT),
                tuple(2L, TestCallers.FULL_ACCESS_SUBJECT),
                tuple(3L, "csm-42"));
    }

    @Test
    void theLastMembershipIsNotRemovedThisWay() {
        String platform = newPlatform();
        String userId = member(platform, newEmail(), "MENTOR");
        String before = snapshot();

        Response refused = call(HttpMethod.DELETE, "/api/platforms/" + platform + "/members/" + userId, null);

        assertProblem(refused, 409, "last-membership");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unknownPlatformUserOrMembershipIsNotFound() {
        String platform = newPlatform();
        String other = newPlatform();
        String outsider = member(other, newEmail(), "MENTEE");
        assertProblem(call(HttpMethod.DELETE, "/api/platforms/" + platform + "/members/" + outsider, null), 404, "not-found");
        assertProblem(call(HttpMethod.DELETE, "/api/platforms/no-such-platform/members/" + outsider, null), 404, "not-found");
        assertProblem(call(HttpMethod.DELETE, "/api/platforms/" + platform + "/members/not-a-uuid", null), 400,
                "invalid-request");
    }
}
