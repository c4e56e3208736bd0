package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Creating, reading, listing and cancelling requests; platform scoping; refusal of bad input. */
class DeletionRequestApiIT extends IntegrationTest {

    @Test
    void createsADraftWithAnEmptySelection() {
        String platform = newPlatform();
        // the caller is the token's sub; the former X-Requested-By header is ignored and cannot spoof it
        Map<String, String> headers = new HashMap<>(bearer(SharedInfrastructure.tokens()
                .platformAdmin("admin-42", platform)));
        headers.put("X-Requested-By", "someone-else");
        Response created = call(HttpMethod.POST, requests(platform), null, headers);

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode body = created.body();
        String requestId = body.get("requestId").asString();
        assertThat(created.headers().getLocation()).hasToString(requests(platform) + "/" + requestId);
        assertThat(body.get("platformId").asString()).isEqualTo(platform);
        assertThat(body.get("state").asString()).isEqualTo("DRAFT");
        assertThat(body.get("selection").get("mode").asString()).isEqualTo("USERS");
        assertThat(body.get("selection").get("userIds")).isEmpty();
        assertThat(body.get("count").isNull()).isTrue();
        assertThat(body.get("predictedRejections").isNull()).isTrue();
        assertThat(body.get("deleted").asInt()).isZero();
        assertThat(body.get("rejected").asInt()).isZero();
        assertThat(body.get("alreadyGone").asInt()).isZero();
        assertThat(body.get("pending").asInt()).isZero();
        assertThat(body.get("rejectedByReason").get("MULTI_PLATFORM").asInt()).isZero();
        assertThat(body.get("rejectedByReason").get("NOT_A_MEMBER").asInt()).isZero();
        assertThat(body.get("createdAt").asString()).isNotBlank();
        for (String field : List.of("reviewedAt", "confirmedAt", "completedAt")) {
            assertThat(body.get(field).isNull()).as(field).isTrue();
        }
        assertThat(body.get("createdBy").asString()).isEqualTo("admin-42");
        assertThat(body.get("stalled").asBoolean()).isFalse();

        Response read = get(requests(platform) + "/" + requestId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(body);
    }

    @Test
    void theSameIdempotencyKeyOnTheSamePlatformCreatesOneRequest() {
        String platform = newPlatform();
        String key = "create-" + UUID.randomUUID();
        Response first = call(HttpMethod.POST, requests(platform), null, Map.of("Idempotency-Key", key));
        Response again = call(HttpMethod.POST, requests(platform), null, Map.of("Idempotency-Key", key));
        Response otherPlatform = call(HttpMethod.POST, requests(newPlatform()), null, Map.of("Idempotency-Key", key));
        Response otherKey = call(HttpMethod.POST, requests(platform), null, Map.of("Idempotency-Key", key + "-2"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("requestId")).isEqualTo(first.body().get("requestId"));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(otherPlatform.status()).isEqualTo(201);
        assertThat(otherPlatform.body().get("requestId")).isNotEqualTo(first.body().get("requestId"));
        assertThat(otherKey.status()).isEqualTo(201);
        assertThat(get(requests(platform)).body()).hasSize(2);
    }

    /** A list carries each selection's counts, not its ids (a request may hold 50,000 of them); one request has them. */
    @Test
    void aListCarriesSelectionCountsAndOneRequestItsIds() {
        String platform = newPlatform();
        List<UUID> users = List.of(USER_QUERY.addMember(platform), USER_QUERY.addMember(platform));
        UUID picked = createRequest(platform);
        selectUsers(platform, picked, users);
        UUID everyoneBut = createRequest(platform);
        call(HttpMethod.PUT, request(platform, everyoneBut) + "/selection",
                Map.of("mode", "ALL_USERS", "excludedUserIds", ids(users.subList(0, 1))));

        JsonNode listed = get(requests(platform)).body();

        assertThat(listed).hasSize(2);
        JsonNode all = listed.get(0).get("selection");
        assertThat(all.get("mode").asString()).isEqualTo("ALL_USERS");
        assertThat(all.get("excludedCount").asInt()).isEqualTo(1);
        assertThat(all.has("excludedUserIds")).isFalse();
        JsonNode hand = listed.get(1).get("selection");
        assertThat(hand.get("userCount").asInt()).isEqualTo(2);
        assertThat(hand.has("userIds")).isFalse();
        assertThat(texts(getRequest(platform, picked).body().get("selection").get("userIds")))
                .containsExactlyInAnyOrderElementsOf(ids(users));
    }

    @Test
    void listsNewestFirstAndByState() {
        String platform = newPlatform();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(createRequest(platform));
        }
        assertThat(call(HttpMethod.DELETE, request(platform, created.get(1)), null).status()).isEqualTo(200);
        createRequest(newPlatform()); // another platform's request is not listed

        Response all = get(requests(platform));
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().findValuesAsString("requestId"))
                .containsExactly(ids(List.of(created.get(2), created.get(1), created.get(0))).toArray(String[]::new));
        Response cancelled = get(requests(platform) + "?state=CANCELLED");
        assertThat(cancelled.body().findValuesAsString("requestId")).containsExactly(created.get(1).toString());
        Response limited = get(requests(platform) + "?limit=1");
        assertThat(limited.body().findValuesAsString("requestId")).containsExactly(created.get(2).toString());
        assertProblem(get(requests(platform) + "?state=DELETED"), 400, "invalid-request");
        assertProblem(get(requests(platform) + "?limit=0"), 400, "invalid-request");
    }

    @Test
    void cancelsADraftOnceAndThenRefusesChanges() {
        String platform = newPlatform();
        UUID requestId = createRequest(platform);

        Response cancelled = call(HttpMethod.DELETE, request(platform, requestId), null);
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.body().get("cancelledAt").isNull()).isFalse();

        assertProblem(call(HttpMethod.DELETE, request(platform, requestId), null), 409, "request-cancelled");
        assertProblem(selectUsers(platform, requestId, List.of(UUID.randomUUID())), 409, "request-cancelled");
        assertProblem(patch(platform, requestId, List.of(UUID.randomUUID()), List.of()), 409, "request-cancelled");
        assertProblem(review(platform, requestId), 409, "request-cancelled");
        assertProblem(confirm(platform, requestId, 0), 409, "request-cancelled");
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aRequestIsInvisibleUnderAnotherPlatformsPath() {
        String platform = newPlatform();
        String other = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        UUID requestId = createRequest(platform);
        assertThat(selectUsers(platform, requestId, List.of(user)).status()).isEqualTo(200);

        String foreign = request(other, requestId);
        assertProblem(get(foreign), 404, "not-found");
        assertProblem(call(HttpMethod.PUT, foreign + "/selection", Map.of("mode", "ALL_USERS")), 404, "not-found");
        assertProblem(call(HttpMethod.PATCH, foreign + "/selection", Map.of("add", List.of())), 404, "not-found");
        assertProblem(call(HttpMethod.POST, foreign + "/review", null), 404, "not-found");
        assertProblem(get(foreign + "/items"), 404, "not-found");
        assertProblem(call(HttpMethod.POST, foreign + "/confirmation", Map.of("typedCount", 1)), 404, "not-found");
        assertProblem(call(HttpMethod.DELETE, foreign, null), 404, "not-found");
        assertThat(get(requests(other)).body()).isEmpty();
        assertProblem(get(request(platform, UUID.randomUUID())), 404, "not-found");

        // nothing happened to the request
        JsonNode unchanged = getRequest(platform, requestId).body();
        assertThat(unchanged.get("state").asString()).isEqualTo("DRAFT");
        assertThat(texts(unchanged.get("selection").get("userIds"))).containsExactly(user.toString());
    }

    @Test
    void badInputIsA400ProblemThatSaysWhatToFix() {
        String platform = newPlatform();
        UUID requestId = createRequest(platform);
        String selection = request(platform, requestId) + "/selection";

        // a reader allowed on any platform (the test caller is also an AUDITOR) reaches validation: 400; a write
        // needs the admin of the path's platform, which no token can be for an invalid id: 403 comes first
        assertProblem(get("/api/platforms/Bad_Platform/deletion-requests"), 400, "invalid-request");
        assertProblem(call(HttpMethod.POST, "/api/platforms/Bad_Platform/deletion-requests", null), 403, "forbidden");
        assertProblem(get(requests(platform) + "/not-a-uuid"), 400, "invalid-request");

        Response notUuid = call(HttpMethod.PUT, selection, Map.of("mode", "USERS", "userIds", List.of("nope")));
        assertProblem(notUuid, 400, "invalid-request");
        assertThat(notUuid.body().get("detail").asString()).contains("userIds[0]");

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        Response tooManyIds = call(HttpMethod.PUT, selection, Map.of("mode", "USERS", "userIds", tooMany));
        assertProblem(tooManyIds, 400, "invalid-request");
        assertThat(tooManyIds.body().get("detail").asString()).contains("10000");
        Response tooManyPatched = call(HttpMethod.PATCH, selection,
                Map.of("add", tooMany.subList(0, 6000), "remove", tooMany.subList(6000, 10_001)));
        assertProblem(tooManyPatched, 400, "invalid-request");
        assertThat(tooManyPatched.body().get("detail").asString()).contains("10000");

        UUID id = UUID.randomUUID();
        assertProblem(call(HttpMethod.PATCH, selection, Map.of("add", ids(List.of(id)), "remove", ids(List.of(id)))),
                400, "invalid-request");
        assertProblem(call(HttpMethod.PUT, selection, Map.of("mode", "SOME_USERS")), 400, "invalid-request");
        assertProblem(call(HttpMethod.PUT, selection, Map.of("userIds", List.of())), 400, "invalid-request");
        assertProblem(call(HttpMethod.PUT, selection, Map.of("mode", "FILTER")), 400, "invalid-request");
        assertProblem(call(HttpMethod.PUT, selection, Map.of("mode", "USERS", "userIds", List.of(),
                "filter", Map.of())), 400, "invalid-request");
        assertProblem(call(HttpMethod.PUT, selection, Map.of("mode", "FILTER", "filter",
                Map.of("roles", List.of("ADMIN")))), 400, "invalid-request");
        for (String date : List.of("2024-13-01", "2024-02-30", "01/02/2024", "2024-1-1")) {
            Response badDate = call(HttpMethod.PUT, selection, Map.of("mode", "FILTER", "filter",
                    Map.of("lastLoginOnOrBefore", date)));
            assertProblem(badDate, 400, "invalid-request");
            assertThat(badDate.body().get("detail").asString()).contains("yyyy-MM-dd");
        }
        assertProblem(call(HttpMethod.PUT, selection, Map.of("mode", "ALL_USERS", "excludedIds", List.of())),
                400, "malformed-body");
        assertProblem(call(HttpMethod.PUT, selection, "{\"mode\": "), 400, "malformed-body");
        assertProblem(send(HttpMethod.PUT, selection, "mode=USERS", MediaType.TEXT_PLAIN, Map.of()), 415,
                "unsupported-media-type");

        String confirmation = request(platform, requestId) + "/confirmation";
        assertProblem(call(HttpMethod.POST, confirmation, Map.of()), 400, "invalid-request");
        assertProblem(call(HttpMethod.POST, confirmation, Map.of("typedCount", -1)), 400, "invalid-request");
        assertProblem(call(HttpMethod.POST, confirmation, "{\"typedCount\": \"three\"}"), 400, "malformed-body");

        assertProblem(call(HttpMethod.POST, requests(platform), null, Map.of("Idempotency-Key", "k".repeat(201))),
                400, "invalid-request");
        assertProblem(get(request(platform, requestId) + "/items?size=0"), 400, "invalid-request");
        assertProblem(get(request(platform, requestId) + "/items?size=201"), 400, "invalid-request");
        assertProblem(get(request(platform, requestId) + "/items?page=-1"), 400, "invalid-request");
        assertProblem(get(request(platform, requestId) + "/items?page=x"), 400, "invalid-parameter");

        // none of it changed the request
        JsonNode request = getRequest(platform, requestId).body();
        assertThat(request.get("state").asString()).isEqualTo("DRAFT");
        assertThat(request.get("selection").get("userIds")).isEmpty();
        assertThat(get(requests(platform)).body()).hasSize(1);
    }
}
