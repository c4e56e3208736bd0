package dev.userdeletion.userquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Bad input is a 400 problem that says what to fix, never a 5xx. */
class BadInputIT extends IntegrationTest {

    private final String platform = newPlatform();

    private void assertBadRequest(String path, String detailFragment) {
        Response r = get(path);
        assertProblem(r, 400, r.body() != null && r.body().get("type").asString().endsWith("invalid-parameter")
                ? "invalid-parameter" : "invalid-request");
        assertThat(r.body().get("detail").asString()).as(path).containsIgnoringCase(detailFragment);
    }

    @Test
    void anInvalidPlatformIdIsRefusedOnEveryEndpoint() {
        for (String bad : List.of("Upper", "under_score", "a".repeat(65), "sp%20ace", "dot.ted")) {
            assertBadRequest("/api/platforms/" + bad + "/users", "platformId");
            assertBadRequest("/api/platforms/" + bad + "/users/count", "platformId");
            assertBadRequest("/api/platforms/" + bad + "/user-ids", "platformId");
            Response lookup = post("/api/platforms/" + bad + "/users/lookup", Map.of("userIds", List.of()));
            assertProblem(lookup, 400, "invalid-request");
        }
    }

    @Test
    void unknownRolesAreRefused() {
        String base = "/api/platforms/" + platform;
        for (String path : List.of("/users", "/users/count", "/user-ids")) {
            assertBadRequest(base + path + "?role=ADMIN", "role");
            assertBadRequest(base + path + "?role=MENTOR&role=mentee", "role");
        }
    }

    @Test
    void datesMustBeIsoCalendarDates() {
        String base = "/api/platforms/" + platform;
        for (String date : List.of("2026-13-01", "2026-02-30", "31/03/2026", "2026-3-1", "2026-03-31T00:00:00Z",
                "+12026-03-31", "yesterday")) {
            for (String path : List.of("/users", "/users/count", "/user-ids")) {
                assertBadRequest(base + path + query("lastLoginOnOrBefore", date), "lastLoginOnOrBefore");
            }
        }
    }

    @Test
    void onlyTheDocumentedSortsArePossible() {
        for (String sort : List.of("name", "email,up", "lastLoginAt,desc,email", "userId", "email;drop table x",
                "EMAIL")) {
            assertBadRequest("/api/platforms/" + platform + "/users" + query("sort", sort), "sort");
        }
    }

    @Test
    void pageAndSizeMustBeInRange() {
        String users = "/api/platforms/" + platform + "/users";
        assertBadRequest(users + "?page=-1", "page");
        assertBadRequest(users + "?size=0", "size");
        assertBadRequest(users + "?size=201", "size");
        assertBadRequest(users + "?size=-5", "size");
        assertBadRequest(users + "?page=abc", "page");
        assertBadRequest(users + "?size=ten", "size");
        assertBadRequest(users + "?page=99999999999", "page");
        assertThat(get(users + "?size=200").status()).isEqualTo(200);
        assertThat(get(users + "?size=1&page=2147483647").status()).isEqualTo(200);
    }

    @Test
    void anOverlongEmailTermIsRefused() {
        assertBadRequest("/api/platforms/" + platform + "/users" + query("email", "x".repeat(255)), "email");
        assertThat(get("/api/platforms/" + platform + "/users" + query("email", "x".repeat(254))).status())
                .isEqualTo(200);
    }

    @Test
    void lookupTakesAtMostTenThousandCanonicalIds() {
        String lookup = "/api/platforms/" + platform + "/users/lookup";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        Response max = post(lookup, Map.of("userIds", ids));
        assertThat(max.status()).as(max.raw()).isEqualTo(200);
        assertThat(max.body().get("unknownUserIds")).hasSize(10_000);

        ids.add(UUID.randomUUID().toString());
        Response tooMany = post(lookup, Map.of("userIds", ids));
        assertProblem(tooMany, 400, "invalid-request");
        assertThat(tooMany.body().get("detail").asString()).contains("10000");

        Response notUuid = post(lookup, Map.of("userIds", List.of(UUID.randomUUID().toString(), "1-2-3-4-5")));
        assertProblem(notUuid, 400, "invalid-request");
        assertThat(notUuid.body().get("detail").asString()).contains("userIds[1]");

        assertProblem(post(lookup, Map.of()), 400, "invalid-request");
        assertProblem(post(lookup, "{\"userIds\": [null]}"), 400, "invalid-request");
        assertProblem(post(lookup, Map.of("userIds", List.of(), "extra", 1)), 400, "malformed-body");
        assertProblem(post(lookup, "{\"userIds\": ["), 400, "malformed-body");
        assertProblem(post(lookup, "{\"userIds\": \"not a list\"}"), 400, "malformed-body");
        Response wrongType = send(HttpMethod.POST, lookup, "userIds=x", MediaType.TEXT_PLAIN);
        assertThat(wrongType.status()).isEqualTo(415);
    }
}
