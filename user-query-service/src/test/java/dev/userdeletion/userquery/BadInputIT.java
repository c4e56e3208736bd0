package dev.userdeletion.userquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Bad input is a 400 problem that says what to fix, never a 5xx. */
class BadInputIT extends IntegrationTest {

    private final String platform = newPlatform();

    private void assertBadRequest(String path, String detailFragment) {
        Response r = get(path);
        assertProblem(r, 400, r.body() != null && r.body().get("type").asString().endsWith("invalid-parameter")
                ? "invalid-parameter" : "invalid-request");
        assertThat(r.body().get("detail").asString()).as(path).containsIgnoringCase(detailFragment);
    }

    /**
     * No token can name an invalid platform id (the security library refuses such a {@code platform_id}), so
     * no admin is ever admin of one: authorisation answers 403 before the id would be validated.
     */
    @Test
    void anInvalidPlatformIdIsForbiddenOnEveryEndpoint() {
        for (String bad : List.of("Upper", "under_score", "a".repeat(65), "sp%20ace", "dot.ted")) {
            assertProblem(get("/api/platforms/" + bad + "/users"), 403, "forbidden");
            assertProblem(get("/api/platforms/" + bad + "/users/count"), 403, "forbidden");
            assertProblem(get("/api/platforms/" + bad + "/user-ids"), 403, "forbidden");
            assertProblem(post("/api/platforms/" + bad + "/users/lookup", Map.of("userIds", List.of())), 403, "forbidden");
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
    void anEmailTermWithControlCharactersIsRefused() {
        String base = "/api/platforms/" + platform;
        // CR/LF could forge a log line or a mail header further down; NUL is no text for PostgreSQL
        for (String term : List.of("ann\r\nFAKE LOG LINE", "\n", "a\u0000b", "tab\there", "del\u007f", "nel\u0085",
                "line\u2028separator")) {
            for (String path : List.of("/users", "/users/count", "/user-ids")) {
                assertBadRequest(base + path + query("email", term), "control characters");
            }
        }
    }

    @Test
    void aCursorIsOnlyTakenUnchangedForTheListAndOrderItWasMadeFor() {
        String paged = newPlatform();
        String other = newPlatform();
        UUID firstUser = UUID.randomUUID();
        publish(state(firstUser, "first@example.com", null, 1, member(paged, Role.MENTEE), member(other, Role.MENTEE)));
        publish(state(UUID.randomUUID(), "second@example.com", null, 1, member(paged, Role.MENTEE)));
        awaitCount(paged, 2);
        String base = "/api/platforms/" + paged + "/users?size=1";
        JsonNode first = ok(base + "&sort=email");
        String cursor = first.get("nextCursor").asString();
        assertThat(get(base + "&sort=email&after=" + cursor).status()).isEqualTo(200);
        String flipped = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("AA") ? "BB" : "AA");
        for (String bad : List.of(flipped, "not-a-cursor", "", "%00", "A".repeat(2000))) {
            assertBadRequest(base + "&sort=email&after=" + URLEncoder.encode(bad,
                    StandardCharsets.UTF_8), "nextCursor");
        }
        assertBadRequest(base + "&sort=email,desc&after=" + cursor, "another order");
        assertBadRequest(base + "&sort=email&page=2&after=" + cursor, "cannot be combined");
        assertThat(cursor).as("the cursor shows no email").doesNotContain("@").doesNotContain("example");
        // bound to its list: another platform (where its user is a member too) or other filters refuse it
        assertBadRequest("/api/platforms/" + other + "/users?size=1&sort=email&after=" + cursor, "same list");
        assertBadRequest(base + "&sort=email&role=MENTEE&after=" + cursor, "same list");
        assertBadRequest(base + "&sort=email&email=example&after=" + cursor, "same list");

        // its row deleted since: where the page would start is not known any more
        publishTombstone(firstUser);
        awaitCount(paged, 1);
        assertBadRequest(base + "&sort=email&after=" + cursor, "ask for the page by number");
    }

    @Test
    void anEmailTermMayHoldAnyOtherCharacter() {
        String base = "/api/platforms/" + platform;
        for (String term : List.of("%", "_", "\\", "'; DROP TABLE platform_user; --", "\u00e9\u4e2d\ud83d\ude00",
                "%00", "a".repeat(254))) {
            assertThat(get(base + "/users" + query("email", term)).status()).as(term).isEqualTo(200);
            assertThat(ok(base + "/users/count" + query("email", term)).get("count").asInt()).as(term).isZero();
            assertThat(get(base + "/user-ids" + query("email", term)).status()).as(term).isEqualTo(200);
        }
    }

    @Test
    void datesAtTheEndsOfTheCalendarAreAnswered() {
        String base = "/api/platforms/" + platform;
        for (String date : List.of("0000-01-01", "0001-01-01", "1970-01-01", "2024-02-29", "9999-12-31")) {
            for (String path : List.of("/users", "/users/count", "/user-ids")) {
                Response r = get(base + path + query("lastLoginOnOrBefore", date));
                assertThat(r.status()).as(path + " " + date + ": " + r.raw()).isEqualTo(200);
            }
        }
        assertBadRequest(base + "/users" + query("lastLoginOnOrBefore", "2025-02-29"), "lastLoginOnOrBefore");
    }

    @Test
    void theLastPossiblePageIsAnEmptyPage() {
        JsonNode page = ok("/api/platforms/" + platform + "/users?size=200&page=" + Integer.MAX_VALUE);
        assertThat(page.get("items")).isEmpty();
        assertThat(page.get("page").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(page.get("totalElements").asInt()).isZero();
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
        assertThat(tooMany.body().get("detail").asString()).contains("at most 10000 ids in one call");

        Response notUuid = post(lookup, Map.of("userIds", List.of(UUID.randomUUID().toString(), "1-2-3-4-5")));
        assertProblem(notUuid, 400, "invalid-request");
        assertThat(notUuid.body().get("detail").asString()).contains("userIds[1]");

        assertProblem(post(lookup, Map.of()), 400, "invalid-request");
        assertProblem(post(lookup, "{\"userIds\": [null]}"), 400, "invalid-request");
        assertProblem(post(lookup, Map.of("userIds", List.of(), "extra", 1)), 400, "malformed-body");
        assertProblem(post(lookup, "{\"userIds\": ["), 400, "malformed-body");
        assertProblem(post(lookup, "{\"userIds\": \"not a list\"}"), 400, "malformed-body");
        Response wrongType = send(HttpMethod.POST, lookup, "userIds=x", MediaType.TEXT_PLAIN);
        assertProblem(wrongType, 415, "unsupported-media-type");
    }

    @Test
    void lookupRefusesBodiesThatAreNotExactlyOneRequest() {
        String lookup = "/api/platforms/" + platform + "/users/lookup";
        String id = UUID.randomUUID().toString();
        for (String body : List.of("", "null", "[]", "\"userIds\"", "{\"userIds\": []} {\"userIds\": []}",
                "{\"userIds\": [], \"userIds\": [\"" + id + "\"]}", "{\"USERIDS\": []}", "{\"userIds\": [{}]}",
                "{\"userIds\": [[\"" + id + "\"]]}", "{'userIds': []}", "{\"userIds\": [\"" + id + "\",]}",
                "[".repeat(5_000), "{\"userIds\": [\"\\ud800\"]}")) {
            Response r = post(lookup, body);
            assertThat(r.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(400);
            assertProblem(r, 400, r.body().get("type").asString().endsWith("malformed-body") ? "malformed-body" : "invalid-request");
        }
        assertProblem(post(lookup, "{\"userIds\": [1]}"), 400, "invalid-request");
        assertProblem(post(lookup, "{\"userIds\": [\"" + id.toUpperCase() + " \"]}"), 400, "invalid-request");
        assertThat(post(lookup, "{\"userIds\": [\"" + id.toUpperCase() + "\"]}").status()).isEqualTo(200);
    }

    @Test
    void anUnreadableQueryStringIsAProblem() throws Exception {
        String users = "/api/platforms/" + platform + "/users";
        for (String query : List.of("?email=%80", "?email=%C3%28", "?sort=%FF%FE")) {
            HttpResponse<String> r = raw("GET", users + query, Map.of(), null);
            assertRawProblem(r, 400, "invalid-request");
            assertThat(r.body()).as(query).contains("percent-encoded UTF-8 with at most 1000 parameters");
        }
        HttpResponse<String> tooMany = raw("GET", users + "?" + "r=1&".repeat(1_001), Map.of(), null);
        assertRawProblem(tooMany, 400, "invalid-request");
        assertThat(tooMany.body()).contains("at most 1000 parameters");
        // a request line over Tomcat's 8 KB is refused before it reaches the service, still as a problem
        assertRawProblem(raw("GET", users + "?email=" + "a".repeat(9_000), Map.of(), null), 400, "invalid-request");
    }

    @Test
    void headersSpringCannotReadAreProblems() throws Exception {
        String users = "/api/platforms/" + platform + "/users";
        String lookup = "/api/platforms/" + platform + "/users/lookup";
        for (String accept : List.of("!", "a/b/c", "text/html;q=", "*/*;" + "x".repeat(20) + "=")) {
            assertRawProblem(raw("GET", users, Map.of("Accept", accept), null), 406, "not-acceptable");
        }
        assertRawProblem(raw("GET", users, Map.of("Accept", "text/html"), null), 406, "not-acceptable");
        for (String contentType : List.of("application/*", "*/*", "application/*+json")) {
            assertRawProblem(raw("POST", lookup, Map.of("Content-Type", contentType), "{\"userIds\": []}"), 415,
                    "unsupported-media-type");
        }
        assertRawProblem(raw("POST", lookup, Map.of("Content-Type", "garbage"), "{\"userIds\": []}"), 415,
                "unsupported-media-type");
        assertRawProblem(raw("POST", lookup, Map.of("Content-Type", "application/json;charset=bogus"),
                "{\"userIds\": []}"), 415, "unsupported-media-type");
    }

    @Test
    void aFormBodyIsRefusedBeforeItIsParsed() throws Exception {
        String lookup = "/api/platforms/" + platform + "/users/lookup";
        assertRawProblem(raw("POST", lookup, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "{\"userIds\":[{\"\":\"\uffff\"}]}"), 415, "unsupported-media-type");
    }

    @Test
    void headerBytesNoClientLibrarySendsAreNeverAServerError() throws Exception {
        // bytes 0x80-0x9F read as ISO-8859-1 are control characters
        for (String header : List.of("Accept", "Content-Type", "X-Note", "Authorization")) {
            String answer = rawSocket("POST", "/api/platforms/" + platform + "/users/lookup",
                    Map.of(header, "application/json\u0085"), "{\"userIds\": []}");
            int status = Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
            assertThat(status).as(header + ": " + answer).isLessThan(500);
            if (status >= 400) {
                assertThat(answer).as(header).contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE).doesNotContain("\u0085");
            }
        }
    }

    /** Bytes on the wire exactly as given; the admin's token unless {@code headers} names Authorization. */
    private String rawSocket(String method, String path, Map<String, String> headers, String body) throws Exception {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of("Authorization",
                "Bearer " + SharedInfrastructure.tokens().platformAdmin("admin-1", platform),
                "Content-Type", "application/json"));
        all.putAll(headers);
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n").append(body);
        URI root = URI.create(http.getRootUri());
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A call with headers exactly as given (the test client would refuse some of them). */
    private HttpResponse<String> raw(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                .version(HttpClient.Version.HTTP_1_1)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + SharedInfrastructure.tokens().platformAdmin("admin-1", platform));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertRawProblem(HttpResponse<String> r, int status, String slug) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.request().headers() + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as(r.uri().toString()).hasValueSatisfying(type ->
                assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        assertThat(JSON.readTree(r.body()).get("type").asString()).endsWith("/" + slug);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherAnnouncedOrChunked() throws Exception {
        String lookup = "/api/platforms/" + platform + "/users/lookup";
        // 30,000 ids are over the 1 MB limit: the size limit answers before the id limit could
        StringBuilder body = new StringBuilder("{\"userIds\": [");
        for (int i = 0; i < 30_000; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(UUID.randomUUID()).append('"');
        }
        body.append("]}");
        assertProblem(post(lookup, body.toString()), 413, "body-too-large");

        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(http.getRootUri() + lookup))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + SharedInfrastructure.tokens().platformAdmin("admin-1", platform))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
            assertThat(JSON.readTree(r.body()).get("type").asString()).endsWith("/body-too-large");
        }
    }
}
