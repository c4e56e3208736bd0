package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.ServiceState;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input the issue names, one case at a time, each sent by the platform's admin (so it reaches
 * validation) and each leaving every table of the database as it was: the 10,000 ids of one selection call
 * (exactly 10,000 accepted, 10,001 refused with a detail naming the limit), control characters and line breaks in a
 * filter's email, enums, dates, numbers, header shapes, page bounds, malformed UUIDs, unknown fields, broken JSON
 * and oversize bodies (413).
 */
class BadInputIT extends IntegrationTest {

    private static final int LIMIT = 10_000;

    @Autowired
    ApplicationContext context;

    private ServiceState state;
    private String platform;
    private UUID requestId;
    private String selection;

    @BeforeEach
    void aReviewedRequestOfTwoUsers() {
        state = serviceState(context);
        platform = newPlatform();
        requestId = createRequest(platform);
        selection = request(platform, requestId) + "/selection";
        assertThat(selectUsers(platform, requestId, List.of(USER_QUERY.addMember(platform),
                USER_QUERY.addMember(platform))).status()).isEqualTo(200);
        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(2);
        state.quiesce(); // outcome listener paused: only these calls can change the tables
    }

    @AfterEach
    void resume() {
        state.close();
    }

    @Test
    void oneSelectionCallCarriesAtMost10000IdsAndTheRefusalSaysSo() {
        Response users = call(HttpMethod.PUT, selection, Map.of("mode", "USERS", "userIds", randomIds(LIMIT)));
        assertThat(users.status()).as(users.raw()).isEqualTo(200);
        assertThat(users.body().get("selection").get("userCount").asInt()).isEqualTo(LIMIT);
        assertRefusedForTheLimit("userIds", () -> call(HttpMethod.PUT, selection,
                Map.of("mode", "USERS", "userIds", randomIds(LIMIT + 1))));

        Response patched = call(HttpMethod.PATCH, selection,
                Map.of("add", randomIds(6_000), "remove", randomIds(LIMIT - 6_000)));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        for (Map<String, List<String>> body : List.of(Map.of("add", randomIds(LIMIT + 1)),
                Map.of("remove", randomIds(LIMIT + 1)),
                Map.of("add", randomIds(6_000), "remove", randomIds(LIMIT - 6_000 + 1)))) {
            assertRefusedForTheLimit("add and remove together", () -> call(HttpMethod.PATCH, selection, body));
        }

        for (String mode : List.of("FILTER", "ALL_USERS")) {
            Map<String, Object> body = new HashMap<>(Map.of("mode", mode, "excludedUserIds", randomIds(LIMIT)));
            if (mode.equals("FILTER")) {
                body.put("filter", Map.of("roles", List.of("MENTEE")));
            }
            Response excluded = call(HttpMethod.PUT, selection, body);
            assertThat(excluded.status()).as(excluded.raw()).isEqualTo(200);
            assertThat(excluded.body().get("selection").get("excludedCount").asInt()).isEqualTo(LIMIT);
            body.put("excludedUserIds", randomIds(LIMIT + 1));
            assertRefusedForTheLimit("excludedUserIds", () -> call(HttpMethod.PUT, selection, body));
        }
    }

    /** 400 naming the field and the limit, and not a row changed. */
    private void assertRefusedForTheLimit(String field, Supplier<Response> call) {
        Map<String, String> before = state.tables();
        Response refused = call.get();
        assertProblem(refused, 400, "invalid-request");
        assertThat(refused.body().get("detail").asString()).startsWith(field + ": at most 10000 user ids per call");
        assertThat(state.tables()).as(field).isEqualTo(before);
    }

    @Test
    void aFiltersEmailWithControlCharactersOrLineBreaksIsRefusedWithoutBeingEchoed() {
        for (String email : List.of("ann@example.com\r\nBcc: all@example.com", "ann\n", "a\u0000b", "a\tb", "a\u007Fb",
                "a\u0085b", "a\u2028b", "a\u2029b", "x".repeat(255))) {
            Response refused = refusedWithoutChange(HttpMethod.PUT, selection,
                    Map.of("mode", "FILTER", "filter", Map.of("email", email)), 400, "invalid-request");
            assertThat(refused.body().get("detail").asString()).contains("filter.email").doesNotContain(email);
        }
        Response longest = call(HttpMethod.PUT, selection, Map.of("mode", "FILTER",
                "filter", Map.of("email", "x".repeat(254))));
        assertThat(longest.status()).as(longest.raw()).isEqualTo(200);
    }

    @Test
    void enumsDatesAndNumbersAreExact() {
        for (Object mode : List.of("users", "SOME_USERS", "", 1)) {
            refusedWithoutChange(HttpMethod.PUT, selection, Map.of("mode", mode, "userIds", List.of()), 400,
                    "invalid-request");
        }
        refusedWithoutChange(HttpMethod.PUT, selection, Map.of("mode", List.of("USERS"), "userIds", List.of()), 400,
                "malformed-body");
        for (Object roles : List.of(List.of("ADMIN"), List.of("mentor"), List.of(""))) {
            refusedWithoutChange(HttpMethod.PUT, selection, Map.of("mode", "FILTER", "filter", Map.of("roles", roles)),
                    400, "invalid-request");
        }
        for (String date : List.of("2024-13-01", "2024-02-30", "2024-1-1", "2024-01-01T00:00:00Z", "+2024-01-01", "")) {
            refusedWithoutChange(HttpMethod.PUT, selection, Map.of("mode", "FILTER",
                    "filter", Map.of("lastLoginOnOrBefore", date)), 400, "invalid-request");
        }
        String confirmation = request(platform, requestId) + "/confirmation";
        // 2.9 is not 2 (Jackson would truncate it without accept-float-as-int: false), nor is "two" or true
        for (String body : List.of("{\"typedCount\": 2.9}", "{\"typedCount\": 2.0}", "{\"typedCount\": \"two\"}",
                "{\"typedCount\": true}", "{\"typedCount\": [2]}", "{\"typedCount\": 99999999999}")) {
            refusedWithoutChange(HttpMethod.POST, confirmation, body, 400, "malformed-body");
        }
        int review = reviewVersion(platform, requestId);
        refusedWithoutChange(HttpMethod.POST, confirmation, Map.of("typedCount", -2), 400, "invalid-request");
        refusedWithoutChange(HttpMethod.POST, confirmation, "{}", 400, "invalid-request");
        refusedWithoutChange(HttpMethod.POST, confirmation, Map.of("typedCount", 2, "reviewVersion", 0), 400,
                "invalid-request");
        refusedWithoutChange(HttpMethod.POST, confirmation, "{\"typedCount\": 2, \"reviewVersion\": \"latest\"}", 400,
                "malformed-body");
        refusedWithoutChange(HttpMethod.POST, confirmation, Map.of("typedCount", 2), 428, "review-version-required");
        refusedWithoutChange(HttpMethod.POST, confirmation, Map.of("typedCount", 2, "reviewVersion", review + 1), 409,
                "review-changed");
        refusedWithoutChange(HttpMethod.POST, confirmation, Map.of("typedCount", 3, "reviewVersion", review), 422,
                "count-mismatch");
    }

    @Test
    void headersQueriesAndIdsHaveTheirShape() {
        for (String key : List.of("k".repeat(201), "a b")) {
            refusedWithoutChange(HttpMethod.POST, requests(platform), null, Map.of("Idempotency-Key", key), 400,
                    "invalid-request");
        }
        for (String query : List.of("state=DELETED", "state=draft", "state=", "limit=0", "limit=1001")) {
            refusedWithoutChange(HttpMethod.GET, requests(platform) + "?" + query, null, 400, "invalid-request");
        }
        refusedWithoutChange(HttpMethod.GET, requests(platform) + "?limit=x", null, 400, "invalid-parameter");
        // Tomcat's lazy query parsing throws on a pair without a name; it used to end as a 500
        refusedWithoutChange(HttpMethod.GET, requests(platform) + "?=DRAFT", null, 400, "invalid-request");
        // an unparsable Accept used to get an empty 406; an unacceptable one is refused before a create commits
        refusedWithoutChange(HttpMethod.GET, requests(platform), null, Map.of("Accept", "a/b/c"), 406,
                "not-acceptable");
        Map<String, String> before = state.tables();
        Response xml = new ApiCalls(http, FULL_ACCESS).send(HttpMethod.POST, requests(platform), null, null, Map.of(),
                MediaType.APPLICATION_XML);
        assertProblem(xml, 406, "not-acceptable");
        assertThat(state.tables()).isEqualTo(before);
        String items = request(platform, requestId) + "/items?";
        for (String query : List.of("size=0", "size=201", "page=-1", "page=10000001")) {
            refusedWithoutChange(HttpMethod.GET, items + query, null, 400, "invalid-request");
        }
        for (String query : List.of("page=x", "size=1.5", "page=99999999999")) {
            refusedWithoutChange(HttpMethod.GET, items + query, null, 400, "invalid-parameter");
        }
        for (String id : List.of("not-a-uuid", "1-2-3-4-5", UUID.randomUUID().toString().replace("-", ""),
                "{" + UUID.randomUUID() + "}", UUID.randomUUID() + "0")) {
            String inPath = id.replace("{", "%7B").replace("}", "%7D");
            refusedWithoutChange(HttpMethod.GET, requests(platform) + "/" + inPath, null, 400, "invalid-request");
            refusedWithoutChange(HttpMethod.POST, requests(platform) + "/" + inPath + "/review", null, 400,
                    "invalid-request");
            Response inBody = refusedWithoutChange(HttpMethod.PATCH, selection,
                    Map.of("add", List.of(UUID.randomUUID().toString(), id)), 400, "invalid-request");
            assertThat(inBody.body().get("detail").asString()).isEqualTo("add[1] must be a UUID");
        }
    }

    @Test
    void unknownFieldsAndBrokenJsonAreRefusedAtEveryBodyEndpoint() {
        String confirmation = request(platform, requestId) + "/confirmation";
        for (String body : List.of("{\"mode\": \"ALL_USERS\", \"excludedIds\": []}",
                "{\"mode\": \"FILTER\", \"filter\": {\"emial\": \"ann\"}}")) {
            refusedWithoutChange(HttpMethod.PUT, selection, body, 400, "malformed-body");
        }
        refusedWithoutChange(HttpMethod.PATCH, selection, "{\"add\": [], \"delete\": []}", 400, "malformed-body");
        refusedWithoutChange(HttpMethod.POST, confirmation, "{\"typedCount\": 2, \"force\": true}", 400,
                "malformed-body");
        for (String broken : List.of("{", "[", "nul", "{\"typedCount\": 2}}", "{\"typedCount\": 2} {}", "'x'",
                "{\"typedCount\": 2,}", "\u0000", "[".repeat(2_000) + "]".repeat(2_000))) {
            for (String path : List.of(selection, confirmation)) {
                refusedWithoutChange(path.equals(selection) ? HttpMethod.PUT : HttpMethod.POST, path, broken, 400,
                        "malformed-body");
            }
            refusedWithoutChange(HttpMethod.PATCH, selection, broken, 400, "malformed-body");
        }
        for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.MULTIPART_FORM_DATA,
                MediaType.APPLICATION_FORM_URLENCODED, MediaType.parseMediaType("application/yaml"))) {
            Map<String, String> before = state.tables();
            assertProblem(send(HttpMethod.PUT, selection, "mode: ALL_USERS", type, Map.of()), 415,
                    "unsupported-media-type");
            assertThat(state.tables()).as(type.toString()).isEqualTo(before);
        }
    }

    @Test
    void bodiesOver1MbAre413WhetherAnnouncedOrStreamed() throws Exception {
        String huge = "{\"add\": [\"" + String.join("\", \"", randomIds(30_000)) + "\"]}";
        assertThat(huge.length()).isGreaterThan(1024 * 1024);
        String confirmation = request(platform, requestId) + "/confirmation";
        refusedWithoutChange(HttpMethod.PATCH, selection, huge, 413, "body-too-large");
        refusedWithoutChange(HttpMethod.PUT, selection, huge, 413, "body-too-large");
        refusedWithoutChange(HttpMethod.POST, confirmation, "{\"typedCount\": 2" + " ".repeat(1_100_000) + "}", 413,
                "body-too-large");

        // chunked: no Content-Length to refuse up front, so the limit applies while the body is read
        Map<String, String> before = state.tables();
        HttpResponse<String> streamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(http.getRootUri() + selection))
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() ->
                        new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + FULL_ACCESS.apply(selection)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        JsonNode problem = JSON.readTree(streamed.body());
        assertThat(problem.get("type").asString()).endsWith("/body-too-large");
        assertThat(state.tables()).isEqualTo(before);
    }

    private Response refusedWithoutChange(HttpMethod method, String path, Object body, int status, String slug) {
        return refusedWithoutChange(method, path, body, Map.of(), status, slug);
    }

    private Response refusedWithoutChange(HttpMethod method, String path, Object body, Map<String, String> headers,
                                          int status, String slug) {
        Map<String, String> before = state.tables();
        Response r = call(method, path, body, headers);
        assertProblem(r, status, slug);
        assertThat(state.tables()).as(method + " " + path).isEqualTo(before);
        return r;
    }

    private static List<String> randomIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }
}
