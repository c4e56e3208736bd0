package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Building selections and freezing them through the user-query-service (played by the stub). */
class ReviewIT extends IntegrationTest {

    @Test
    void aHandPickedSelectionBuiltAcrossPagesIsFrozenWithEmails() {
        String platform = newPlatform();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(USER_QUERY.addMember(platform));
        }
        USER_QUERY.join(users.get(2), newPlatform(), "MENTOR"); // on two platforms: a predicted rejection
        UUID requestId = createRequest(platform);

        assertThat(patch(platform, requestId, users.subList(0, 2), List.of()).status()).isEqualTo(200); // page 1
        assertThat(patch(platform, requestId, users.subList(2, 4), List.of()).status()).isEqualTo(200); // page 2
        Response unticked = patch(platform, requestId, List.of(), List.of(users.get(1)));
        assertThat(unticked.status()).as(unticked.raw()).isEqualTo(200);
        Set<String> expected = Set.copyOf(ids(List.of(users.get(0), users.get(2), users.get(3))));
        assertThat(texts(unticked.body().get("selection").get("userIds"))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(unticked.body().get("selection").get("userCount").asInt()).isEqualTo(3);

        Response reviewed = review(platform, requestId);
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("state").asString()).isEqualTo("REVIEWED");
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(3);
        assertThat(reviewed.body().get("predictedRejections").asInt()).isEqualTo(1);
        assertThat(reviewed.body().get("unknownCount").asInt()).isZero();
        assertThat(reviewed.body().get("reviewedAt").isNull()).isFalse();
        assertThat(reviewed.body().get("pending").asInt()).isZero();

        Response first = items(platform, requestId, 0, 2);
        Response second = items(platform, requestId, 1, 2);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("totalElements").asInt()).isEqualTo(3);
        assertThat(first.body().get("totalPages").asInt()).isEqualTo(2);
        assertThat(first.body().get("page").asInt()).isZero();
        assertThat(first.body().get("size").asInt()).isEqualTo(2);
        assertThat(first.body().get("items")).hasSize(2);
        assertThat(second.body().get("items")).hasSize(1);
        List<JsonNode> all = new ArrayList<>();
        first.body().get("items").forEach(all::add);
        second.body().get("items").forEach(all::add);
        assertThat(all).extracting(i -> i.get("userId").asString()).containsExactlyInAnyOrderElementsOf(expected);
        for (JsonNode item : all) {
            UUID user = UUID.fromString(item.get("userId").asString());
            assertThat(item.get("email").asString()).isEqualTo(USER_QUERY.email(user));
            assertThat(item.get("role").asString()).isEqualTo("MENTEE");
            assertThat(item.get("platformCount").asInt()).isEqualTo(user.equals(users.get(2)) ? 2 : 1);
        }
        // the orchestrator's database holds ids only
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?", Integer.class,
                requestId)).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT to_jsonb(t)::text FROM deletion_item t WHERE request_id = ?",
                String.class, requestId)).noneMatch(row -> row.contains("@"));
    }

    @Test
    void aFilterSelectionMinusExcludedUsers() {
        String platform = newPlatform();
        LocalDate cutOff = LocalDate.of(2024, 6, 30);
        UUID oldMentee = USER_QUERY.addMember(platform, "MENTEE", "ann+vip@example.com", cutOff);
        UUID neverLoggedIn = USER_QUERY.addMember(platform, "MENTEE", "bob+vip@example.com", null);
        UUID excluded = USER_QUERY.addMember(platform, "MENTEE", "cid+vip@example.com", cutOff.minusDays(10));
        USER_QUERY.addMember(platform, "MENTEE", "dan+vip@example.com", cutOff.plusDays(1)); // logged in after
        USER_QUERY.addMember(platform, "MENTOR", "eve+vip@example.com", cutOff.minusDays(1)); // other role
        USER_QUERY.addMember(platform, "MENTEE", "fay@example.com", cutOff.minusDays(1)); // email does not match
        UUID requestId = createRequest(platform);

        Response selected = call(HttpMethod.PUT, request(platform, requestId) + "/selection", Map.of("mode", "FILTER",
                "filter", Map.of("email", "+VIP", "roles", List.of("MENTEE"), "lastLoginOnOrBefore", "2024-06-30"),
                "excludedUserIds", ids(List.of(excluded))));
        assertThat(selected.status()).as(selected.raw()).isEqualTo(200);
        JsonNode selection = selected.body().get("selection");
        assertThat(selection.get("mode").asString()).isEqualTo("FILTER");
        assertThat(selection.get("filter").get("email").asString()).isEqualTo("+VIP");
        assertThat(texts(selection.get("filter").get("roles"))).containsExactly("MENTEE");
        assertThat(selection.get("filter").get("lastLoginOnOrBefore").asString()).isEqualTo("2024-06-30");
        assertThat(texts(selection.get("excludedUserIds"))).containsExactly(excluded.toString());

        Response reviewed = review(platform, requestId);
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(2);
        assertThat(itemIds(platform, requestId)).containsExactlyInAnyOrder(oldMentee.toString(),
                neverLoggedIn.toString());

        // unticking on a filtered page excludes the user, ticking them again lifts the exclusion
        Response patched = patch(platform, requestId, List.of(excluded), List.of(oldMentee));
        assertThat(patched.body().get("state").asString()).isEqualTo("DRAFT");
        assertThat(texts(patched.body().get("selection").get("excludedUserIds")))
                .containsExactly(oldMentee.toString());
        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(2);
        assertThat(itemIds(platform, requestId)).containsExactlyInAnyOrder(excluded.toString(),
                neverLoggedIn.toString());
    }

    @Test
    void allUsersOfThePlatformAreResolvedInOneStreamWithTheirPlatformCounts() {
        String platform = newPlatform();
        Set<String> members = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            members.add(USER_QUERY.addMember(platform).toString());
        }
        UUID excluded = UUID.fromString(members.iterator().next());
        members.remove(excluded.toString());
        USER_QUERY.addMember(newPlatform()); // another platform's user
        UUID requestId = createRequest(platform);
        Response selected = call(HttpMethod.PUT, request(platform, requestId) + "/selection",
                Map.of("mode", "ALL_USERS", "excludedUserIds", ids(List.of(excluded))));
        assertThat(selected.status()).as(selected.raw()).isEqualTo(200);
        int lookupsBefore = USER_QUERY.lookupCalls.get();

        Response reviewed = review(platform, requestId);

        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(2_499);
        assertThat(reviewed.body().get("predictedRejections").asInt()).isZero();
        // the member stream carries each user's number of platforms: nothing is looked up
        assertThat(USER_QUERY.lookupCalls.get() - lookupsBefore).isZero();
        assertThat(new HashSet<>(jdbc.queryForList("SELECT user_id::text FROM deletion_item WHERE request_id = ?",
                String.class, requestId))).isEqualTo(members);
        Response lastPage = items(platform, requestId, 12, 200);
        assertThat(lastPage.body().get("totalPages").asInt()).isEqualTo(13);
        assertThat(lastPage.body().get("items")).hasSize(99);
    }

    @Test
    void handPickedUsersAreLookedUpInChunks() {
        String platform = newPlatform();
        List<UUID> picked = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            picked.add(USER_QUERY.addMember(platform));
        }
        USER_QUERY.join(picked.getFirst(), newPlatform(), "MENTOR");
        UUID requestId = createRequest(platform);
        Response selected = call(HttpMethod.PUT, request(platform, requestId) + "/selection",
                Map.of("mode", "USERS", "userIds", ids(picked)));
        assertThat(selected.status()).as(selected.raw()).isEqualTo(200);
        int lookupsBefore = USER_QUERY.lookupCalls.get();

        Response reviewed = review(platform, requestId);

        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(2_500);
        assertThat(reviewed.body().get("predictedRejections").asInt()).isEqualTo(1);
        assertThat(USER_QUERY.lookupCalls.get() - lookupsBefore).isEqualTo(3); // chunks of 1,000 in this test
        assertThat(USER_QUERY.largestLookup.get()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void idsThatAreNotMembersOfThisPlatformAreReportedNotKept() {
        String platform = newPlatform();
        String other = newPlatform();
        UUID member = USER_QUERY.addMember(platform);
        UUID otherPlatformsUser = USER_QUERY.addMember(other);
        UUID unknown = UUID.randomUUID();
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, List.of(member, otherPlatformsUser, unknown));

        Response reviewed = review(platform, requestId);

        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(1);
        assertThat(reviewed.body().get("unknownCount").asInt()).isEqualTo(2);
        assertThat(texts(reviewed.body().get("unknownUserIds")))
                .containsExactlyInAnyOrder(otherPlatformsUser.toString(), unknown.toString());
        assertThat(itemIds(platform, requestId)).containsExactly(member.toString());
        // the selection itself stays as the admin made it
        assertThat(texts(reviewed.body().get("selection").get("userIds"))).hasSize(3);
    }

    /**
     * Admin A pages through review 1 while admin B changes the selection and reviews again: A's next page names the
     * review A has been looking at and is refused, so A never sees review 2's users under review 1's count (and the
     * confirmation, which names a review, cannot mix the two).
     */
    @Test
    void itemsNameTheirReviewAndThoseOfAReviewNoLongerCurrentAreRefused() {
        String platform = newPlatform();
        List<UUID> users = List.of(USER_QUERY.addMember(platform), USER_QUERY.addMember(platform),
                USER_QUERY.addMember(platform));
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, users.subList(0, 2));
        int first = review(platform, requestId).body().get("reviewVersion").asInt();
        Response seen = get(request(platform, requestId) + "/items?size=1&reviewVersion=" + first);
        assertThat(seen.status()).as(seen.raw()).isEqualTo(200);
        assertThat(seen.body().get("reviewVersion").asInt()).isEqualTo(first);

        patch(platform, requestId, List.of(users.get(2)), List.of());
        int second = review(platform, requestId).body().get("reviewVersion").asInt();

        Response stale = get(request(platform, requestId) + "/items?page=1&size=1&reviewVersion=" + first);
        assertProblem(stale, 409, "review-changed");
        assertThat(stale.body().get("detail").asString()).contains("review " + first).contains("is " + second);
        Response current = get(request(platform, requestId) + "/items?page=1&size=1&reviewVersion=" + second);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body().get("totalElements").asInt()).isEqualTo(3);
        // without a version the current review's items, named
        assertThat(items(platform, requestId, 0, 10).body().get("reviewVersion").asInt()).isEqualTo(second);
        assertProblem(get(request(platform, requestId) + "/items?reviewVersion=two"), 400, "invalid-parameter");
    }

    @Test
    void anEmptyHandPickedSelectionHasNothingToReview() {
        String platform = newPlatform();
        UUID requestId = createRequest(platform);

        Response reviewed = review(platform, requestId);

        assertProblem(reviewed, 422, "empty-selection");
        assertThat(reviewed.body().get("detail").asString()).contains("empty");
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("DRAFT");
    }

    @Test
    void aSelectionChangedAfterReviewMustBeReviewedAgain() {
        String platform = newPlatform();
        UUID a = USER_QUERY.addMember(platform);
        UUID b = USER_QUERY.addMember(platform);
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, List.of(a));
        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(1);

        Response changed = patch(platform, requestId, List.of(b), List.of());
        assertThat(changed.body().get("state").asString()).isEqualTo("DRAFT");
        assertThat(changed.body().get("count").isNull()).isTrue();
        assertThat(changed.body().get("reviewedAt").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?", Integer.class,
                requestId)).isZero();
        assertProblem(confirm(platform, requestId, 1), 409, "review-required");
        assertProblem(confirm(platform, requestId, 2), 409, "review-required");
        assertProblem(items(platform, requestId, 0, 10), 409, "review-required");

        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(2);
        Response replaced = call(HttpMethod.PUT, request(platform, requestId) + "/selection",
                Map.of("mode", "ALL_USERS"));
        assertThat(replaced.body().get("state").asString()).isEqualTo("DRAFT");
        assertThat(replaced.body().get("selection").get("mode").asString()).isEqualTo("ALL_USERS");
        assertProblem(confirm(platform, requestId, 2), 409, "review-required");

        Response again = review(platform, requestId);
        assertThat(again.body().get("state").asString()).isEqualTo("REVIEWED");
        Response confirmed = confirm(platform, requestId, 2);
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
    }

    @Test
    void aUserDeletedAfterReviewStillShowsWithoutEmail() {
        String platform = newPlatform();
        UUID stays = USER_QUERY.addMember(platform);
        UUID goes = USER_QUERY.addMember(platform);
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, List.of(stays, goes));
        review(platform, requestId);

        USER_QUERY.delete(goes);
        Response page = items(platform, requestId, 0, 50);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("items")).hasSize(2);
        page.body().get("items").forEach(item -> {
            if (item.get("userId").asString().equals(goes.toString())) {
                assertThat(item.get("email").isNull()).isTrue();
                assertThat(item.get("platformCount").asInt()).isEqualTo(1);
            } else {
                assertThat(item.get("email").asString()).isEqualTo(USER_QUERY.email(stays));
            }
        });
    }

    @Test
    void anUnavailableUserDirectoryLeavesTheRequestUnchanged() {
        String platform = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, List.of(user));
        USER_QUERY.failing(true);
        try {
            assertProblem(review(platform, requestId), 503, "user-query-unavailable");
        } finally {
            USER_QUERY.failing(false);
        }
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("DRAFT");
        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(1);
    }

    /** A member stream that stops midway (no closing bracket) is never taken for the whole selection. */
    @Test
    void aMemberStreamCutOffMidwayFreezesNothing() {
        String platform = newPlatform();
        USER_QUERY.addMember(platform);
        USER_QUERY.addMember(platform);
        UUID requestId = createRequest(platform);
        assertThat(call(org.springframework.http.HttpMethod.PUT, request(platform, requestId) + "/selection",
                java.util.Map.of("mode", "ALL_USERS")).status()).isEqualTo(200);
        USER_QUERY.cutStreams(true);
        try {
            assertProblem(review(platform, requestId), 503, "user-query-unavailable");
        } finally {
            USER_QUERY.cutStreams(false);
        }
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("DRAFT");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?", Integer.class,
                requestId)).isZero();
        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(2);
    }

    @Test
    void theCallingAdminsOwnTokenIsRelayedToTheUserDirectory() {
        String platform = newPlatform();
        String admin = SharedInfrastructure.tokens().platformAdmin("admin-5", platform);
        USER_QUERY.expectAdminToken(platform, admin); // the stub now answers 401 to any other token
        UUID member = USER_QUERY.addMember(platform);
        Response created = call(HttpMethod.POST, requests(platform), null, bearer(admin));
        UUID requestId = UUID.fromString(created.body().get("requestId").asString());
        // ALL_USERS: review streams the ids and then looks them up, both with the admin's token
        assertThat(call(HttpMethod.PUT, request(platform, requestId) + "/selection", Map.of("mode", "ALL_USERS"),
                bearer(admin)).status()).isEqualTo(200);
        int refusedBefore = USER_QUERY.unauthorisedCalls.get();

        Response reviewed = call(HttpMethod.POST, request(platform, requestId) + "/review", null, bearer(admin));
        Response page = call(HttpMethod.GET, request(platform, requestId) + "/items", null, bearer(admin));

        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(reviewed.body().get("count").asInt()).isEqualTo(1);
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        assertThat(page.body().get("items").get(0).get("email").asString()).isEqualTo(USER_QUERY.email(member));
        assertThat(USER_QUERY.unauthorisedCalls.get()).isEqualTo(refusedBefore);

        // another valid token of the same admin is not the one the directory expects: what reaches it is the
        // caller's token itself, not an identity of the orchestrator's own
        String anotherToken = SharedInfrastructure.tokens().platformAdmin("admin-5", platform);
        assertProblem(call(HttpMethod.POST, request(platform, requestId) + "/review", null, bearer(anotherToken)),
                503, "user-query-unavailable");
        assertProblem(call(HttpMethod.GET, request(platform, requestId) + "/items", null, bearer(anotherToken)),
                503, "user-query-unavailable");
        assertThat(USER_QUERY.unauthorisedCalls.get()).isEqualTo(refusedBefore + 2);
        JsonNode unchanged = getRequest(platform, requestId).body();
        assertThat(unchanged.get("state").asString()).isEqualTo("REVIEWED");
        assertThat(unchanged.get("reviewedAt")).isEqualTo(reviewed.body().get("reviewedAt"));
    }

    @Test
    void aReviewedRequestCanBeCancelled() {
        String platform = newPlatform();
        UUID requestId = createRequest(platform);
        selectUsers(platform, requestId, List.of(USER_QUERY.addMember(platform)));
        review(platform, requestId);

        Response cancelled = call(HttpMethod.DELETE, request(platform, requestId), null);

        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asString()).isEqualTo("CANCELLED");
        assertProblem(items(platform, requestId, 0, 10), 409, "request-cancelled");
        assertProblem(confirm(platform, requestId, 1), 409, "request-cancelled");
    }

    private List<String> itemIds(String platform, UUID requestId) {
        Response page = items(platform, requestId, 0, 200);
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().get("items").forEach(i -> ids.add(i.get("userId").asString()));
        return ids;
    }
}
