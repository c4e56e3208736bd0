package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Callers;
import dev.userdeletion.testsupport.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Hostile and broken input: every case answers a 4xx problem with a stable type, and changes nothing
 * (every row of the service's tables is compared before and after).
 */
class BadInputIT extends IntegrationTest {

    /** A back end that provisions platforms and manages members, with a token for this service only. */
    private static final String BACK_END = SharedInfrastructure.tokens().mint("mentoring-backend", null,
            List.of(Callers.SERVICE, Callers.PLATFORM_PROVISIONER), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE),
            Duration.ofMinutes(30));

    private static final String PLATFORM_BODY =
            "{\"name\":\"Acme\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}";
    private static final String MEMBER_BODY = "{\"email\":\"someone@example.com\",\"role\":\"MENTEE\"}";
    /** Just over the service's limit of 16 KB ({@code web.max-body-size}). */
    private static final String OVERSIZE_BODY =
            "{\"email\":\"" + "a".repeat(16 * 1024) + "@example.com\",\"role\":\"MENTEE\"}";

    private String platform;
    private String user;

    @BeforeEach
    void fixtures() {
        platform = newPlatform();
        user = member(platform, newEmail(), "MENTOR");
    }

    record Case(String name, HttpMethod method, String path, String body, MediaType contentType, int status,
                String type) {

        static Case of(String name, HttpMethod method, String path, String body, int status, String type) {
            return new Case(name, method, path, body, MediaType.APPLICATION_JSON, status, type);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String unknownUser = UUID.randomUUID().toString();
        String future = Instant.now().plus(Duration.ofMinutes(10)).toString();
        HttpMethod put = HttpMethod.PUT;
        HttpMethod post = HttpMethod.POST;
        HttpMethod get = HttpMethod.GET;
        return Stream.of(
                // PUT /api/platforms/{platformId}
                Case.of("platform id with capitals", put, "/api/platforms/Acme", PLATFORM_BODY, 400, "invalid-request"),
                Case.of("platform id with underscore", put, "/api/platforms/acme_academy", PLATFORM_BODY, 400, "invalid-request"),
                Case.of("platform id of 65 characters", put, "/api/platforms/" + "a".repeat(65), PLATFORM_BODY, 400, "invalid-request"),
                Case.of("platform id with encoded space", put, "/api/platforms/acme%20x", PLATFORM_BODY, 400, "invalid-request"),
                Case.of("blank platform name", put, "/api/platforms/{platform}",
                        "{\"name\":\"  \",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("missing platform name", put, "/api/platforms/{platform}",
                        "{\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("platform name of 201 characters", put, "/api/platforms/{platform}",
                        "{\"name\":\"" + "n".repeat(201) + "\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("platform name with a line break", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\\r\\nX\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("platform name with a Unicode line separator", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\\u2028X\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("platform name with NUL", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\\u0000\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("platform name as an object", put, "/api/platforms/{platform}",
                        "{\"name\":{},\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "malformed-body"),
                Case.of("csmEmail with a bare LF", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\",\"csmEmail\":\"csm@example.com\\nBcc: x@evil.example\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("platform id with encoded CR LF", put, "/api/platforms/acme%0D%0Ax", PLATFORM_BODY, 400, "invalid-request"),
                Case.of("malformed csmEmail", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\",\"csmEmail\":\"csm-at-example.com\",\"adminEmail\":\"admin@example.com\"}", 400, "invalid-request"),
                Case.of("adminEmail with header injection", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\\r\\nBcc: x@evil.example\"}", 400, "invalid-request"),
                Case.of("missing adminEmail", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\",\"csmEmail\":\"csm@example.com\"}", 400, "invalid-request"),
                Case.of("unknown field in platform", put, "/api/platforms/{platform}",
                        "{\"name\":\"Acme\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\",\"owner\":\"x\"}", 400, "malformed-body"),
                Case.of("malformed platform JSON", put, "/api/platforms/{platform}", "{\"name\":\"Acme\",", 400, "malformed-body"),
                // a form body is not parsed at all: Spring's form filter would fail on the stray '%' with a 500
                new Case("platform as a form with a stray %", put, "/api/platforms/{platform}", "name=%", MediaType.APPLICATION_FORM_URLENCODED,
                        415, "unsupported-media-type"),
                Case.of("platform without body", put, "/api/platforms/new-platform-without-body", "", 400, "malformed-body"),
                Case.of("oversize platform body", put, "/api/platforms/{platform}",
                        "{\"name\":\"" + "n".repeat(16 * 1024) + "\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}", 413, "body-too-large"),
                // GET /api/platforms/{platformId}
                Case.of("get unknown platform", get, "/api/platforms/no-such-platform", null, 404, "not-found"),
                Case.of("get invalid platform id", get, "/api/platforms/NO", null, 400, "invalid-request"),
                // POST /api/platforms/{platformId}/members
                Case.of("member of unknown platform", post, "/api/platforms/no-such-platform/members", MEMBER_BODY, 404, "not-found"),
                Case.of("member of invalid platform id", post, "/api/platforms/No!/members", MEMBER_BODY, 400, "invalid-request"),
                Case.of("malformed member email", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"not an email\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email with CR LF", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"a@example.com\\r\\nb@example.com\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email ending in CR LF", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"a@example.com\\r\\n\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email with a tab", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"a@example.com\\t\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email with NUL", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"a\\u0000@example.com\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email with NEL", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"a@example.com\\u0085\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email with a Unicode line separator", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"a\\u2028b@example.com\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email of 255 characters", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"" + "a".repeat(64) + "@" + "b".repeat(61) + "." + "c".repeat(61) + "." + "d".repeat(62)
                                + ".com\",\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("member email as a list", post, "/api/platforms/{platform}/members",
                        "{\"email\":[\"a@example.com\"],\"role\":\"MENTEE\"}", 400, "malformed-body"),
                Case.of("role as a list", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"someone@example.com\",\"role\":[\"MENTEE\"]}", 400, "malformed-body"),
                Case.of("role as a number", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"someone@example.com\",\"role\":1}", 400, "invalid-request"),
                Case.of("missing member email", post, "/api/platforms/{platform}/members", "{\"role\":\"MENTEE\"}", 400, "invalid-request"),
                Case.of("unknown role", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"someone@example.com\",\"role\":\"ADMIN\"}", 400, "invalid-request"),
                Case.of("lower-case role", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"someone@example.com\",\"role\":\"mentee\"}", 400, "invalid-request"),
                Case.of("missing role", post, "/api/platforms/{platform}/members", "{\"email\":\"someone@example.com\"}", 400, "invalid-request"),
                Case.of("unknown field in member", post, "/api/platforms/{platform}/members",
                        "{\"email\":\"someone@example.com\",\"role\":\"MENTEE\",\"userId\":\"" + unknownUser + "\"}", 400, "malformed-body"),
                Case.of("malformed member JSON", post, "/api/platforms/{platform}/members", "{\"email\":", 400, "malformed-body"),
                Case.of("member body is an array", post, "/api/platforms/{platform}/members", "[]", 400, "malformed-body"),
                Case.of("member without body", post, "/api/platforms/{platform}/members", "", 400, "malformed-body"),
                new Case("member body as text", post, "/api/platforms/{platform}/members", MEMBER_BODY, MediaType.TEXT_PLAIN,
                        415, "unsupported-media-type"),
                Case.of("oversize member body", post, "/api/platforms/{platform}/members", OVERSIZE_BODY, 413, "body-too-large"),
                // POST /api/users/{userId}/logins
                Case.of("login of unknown user", post, "/api/users/" + unknownUser + "/logins", "{}", 404, "not-found"),
                Case.of("login of non-UUID user id", post, "/api/users/not-a-uuid/logins", "{}", 400, "invalid-request"),
                Case.of("login of non-canonical UUID", post, "/api/users/1-2-3-4-5/logins", "{}", 400, "invalid-request"),
                Case.of("login too far in the future", post, "/api/users/{user}/logins", "{\"at\":\"" + future + "\"}", 400, "invalid-request"),
                Case.of("login time not a timestamp", post, "/api/users/{user}/logins", "{\"at\":\"yesterday\"}", 400, "invalid-request"),
                Case.of("login time on 30 February", post, "/api/users/{user}/logins", "{\"at\":\"2025-02-30T00:00:00Z\"}", 400, "invalid-request"),
                Case.of("login time before 1970", post, "/api/users/{user}/logins", "{\"at\":\"1969-12-31T23:59:59Z\"}", 400, "invalid-request"),
                Case.of("login time at the last instant", post, "/api/users/{user}/logins", "{\"at\":\"+1000000000-12-31T23:59:59.999999999Z\"}", 400, "invalid-request"),
                Case.of("login time at the first instant", post, "/api/users/{user}/logins", "{\"at\":\"-1000000000-01-01T00:00:00Z\"}", 400, "invalid-request"),
                Case.of("login time after the last instant", post, "/api/users/{user}/logins", "{\"at\":\"+1000000001-01-01T00:00:00Z\"}", 400, "invalid-request"),
                // Jackson alone would take numbers as epoch seconds, and 1e300 as 1970-01-01
                Case.of("login time as a huge number", post, "/api/users/{user}/logins", "{\"at\":1e300}", 400, "invalid-request"),
                Case.of("login time as epoch seconds", post, "/api/users/{user}/logins", "{\"at\":1700000000}", 400, "invalid-request"),
                Case.of("login time with a trailing line break", post, "/api/users/{user}/logins", "{\"at\":\"2025-01-01T00:00:00Z\\r\\n\"}", 400, "invalid-request"),
                Case.of("login time as a list", post, "/api/users/{user}/logins", "{\"at\":[]}", 400, "malformed-body"),
                new Case("login body as form", post, "/api/users/{user}/logins", "at=now", MediaType.APPLICATION_FORM_URLENCODED,
                        415, "unsupported-media-type"),
                Case.of("unknown field in login", post, "/api/users/{user}/logins", "{\"when\":\"2024-01-01T00:00:00Z\"}", 400, "malformed-body"),
                Case.of("malformed login JSON", post, "/api/users/{user}/logins", "{\"at\"", 400, "malformed-body"),
                // GET /api/users/{userId}
                Case.of("get unknown user", get, "/api/users/" + unknownUser, null, 404, "not-found"),
                Case.of("get non-UUID user", get, "/api/users/42", null, 400, "invalid-request"),
                // PUT /api/platforms/{platformId}/access-list/{email}
                Case.of("access list of unknown platform", put, "/api/platforms/no-such-platform/access-list/a@example.com", null, 404, "not-found"),
                Case.of("access list of invalid platform id", put, "/api/platforms/A/access-list/a@example.com", null, 400, "invalid-request"),
                Case.of("malformed access list email", put, "/api/platforms/{platform}/access-list/not-an-email", null, 400, "invalid-request"),
                Case.of("access list email with CR LF", put, "/api/platforms/{platform}/access-list/a@example.com%0D%0Ab@example.com", null, 400, "invalid-request"),
                Case.of("access list email with two @", put, "/api/platforms/{platform}/access-list/a@b@example.com", null, 400, "invalid-request"),
                Case.of("access list email with encoded CR", put, "/api/platforms/{platform}/access-list/a@example.com%0D", null, 400, "invalid-request"),
                Case.of("access list email with encoded LF", put, "/api/platforms/{platform}/access-list/a@example.com%0a", null, 400, "invalid-request"),
                Case.of("access list email with encoded lower-case CR LF", put, "/api/platforms/{platform}/access-list/a@example.com%0d%0aBcc:x@evil.example", null, 400, "invalid-request"),
                Case.of("access list email with encoded tab", put, "/api/platforms/{platform}/access-list/a@example.com%09", null, 400, "invalid-request"),
                Case.of("access list email with encoded SOH", put, "/api/platforms/{platform}/access-list/a%01@example.com", null, 400, "invalid-request"),
                Case.of("access list email with encoded DEL", put, "/api/platforms/{platform}/access-list/a%7F@example.com", null, 400, "invalid-request"),
                Case.of("access list email with encoded NUL", put, "/api/platforms/{platform}/access-list/a%00@example.com", null, 400, "invalid-request"),
                Case.of("access list email with encoded NEL", put, "/api/platforms/{platform}/access-list/a@example.com%C2%85", null, 400, "invalid-request"),
                Case.of("access list email with encoded line separator", put, "/api/platforms/{platform}/access-list/a@example.com%E2%80%A8", null, 400, "invalid-request"),
                Case.of("access list email with invalid UTF-8", put, "/api/platforms/{platform}/access-list/a%C3%28@example.com", null, 400, "invalid-request"),
                Case.of("access list email with encoded slash", put, "/api/platforms/{platform}/access-list/a%2F@example.com", null, 400, "invalid-request"),
                // GET /api/platforms/{platformId}/access-list
                Case.of("list of unknown platform", get, "/api/platforms/no-such-platform/access-list", null, 404, "not-found"),
                Case.of("list of invalid platform id", get, "/api/platforms/x_y/access-list", null, 400, "invalid-request"),
                // DELETE /api/platforms/{platformId}/members/{userId}
                Case.of("removal from invalid platform id", HttpMethod.DELETE, "/api/platforms/A_B/members/{user}", null, 400, "invalid-request"),
                Case.of("removal of non-UUID user", HttpMethod.DELETE, "/api/platforms/{platform}/members/x%0D%0Ay", null, 400, "invalid-request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndChangesNothing(Case c) {
        String before = snapshot();

        Response r = send(c.method(), c.path().replace("{platform}", platform).replace("{user}", user), c.body(),
                c.contentType());

        assertProblem(r, c.status(), c.type());
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aFailedLoginLeavesTheUserAsItWas() {
        JsonNode before = get("/api/users/" + user).body();
        Response r = call(HttpMethod.POST, "/api/users/" + user + "/logins",
                "{\"at\":\"" + Instant.now().plus(Duration.ofMinutes(6)) + "\"}");
        assertProblem(r, 400, "invalid-request");
        assertThat(get("/api/users/" + user).body()).isEqualTo(before);
    }

    @Test
    void mediaTypesAndFormBodiesSpringMvcWouldAnswerBadlyAreProblemsAndChangeNothing() throws Exception {
        String before = snapshot();
        String platformPath = "/api/platforms/" + platform;
        String renamed = "{\"name\":\"Renamed\",\"csmEmail\":\"csm@example.com\",\"adminEmail\":\"admin@example.com\"}";

        // without "consumes": an IllegalArgumentException (500) while reading the body
        assertRawProblem(raw("PUT", platformPath, renamed, "Content-Type", "application/*"), 415, "unsupported-media-type");
        // without the Accept filter: a 406 without a body
        assertRawProblem(raw("PUT", platformPath, renamed, "Content-Type", "application/json", "Accept", "a/b/c"), 406,
                "not-acceptable");
        // without "produces": the update is made, then the answer cannot be written
        assertRawProblem(raw("PUT", platformPath, renamed, "Content-Type", "application/json", "Accept", "text/html"), 406,
                "not-acceptable");
        // without "consumes": the form is read as servlet parameters, and a bad name or escape fails with a 500
        assertRawProblem(raw("POST", platformPath + "/members", "a\tb=1", "Content-Type", "application/x-www-form-urlencoded"),
                415, "unsupported-media-type");
        assertRawProblem(raw("POST", platformPath + "/members", "[{\"\":\"%\"}]", "Content-Type",
                "application/x-www-form-urlencoded"), 415, "unsupported-media-type");

        assertThat(snapshot()).isEqualTo(before);
    }

    private HttpResponse<String> raw(String method, String path, String body, String... headers) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .headers(headers)
                .header("Authorization", "Bearer " + BACK_END)
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertRawProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        assertThat(JSON.readTree(response.body()).get("type").asString()).endsWith("/" + slug);
    }

    @Test
    void anOversizeBodyStreamedInChunksIsRefusedToo() throws Exception {
        String before = snapshot();
        byte[] body = OVERSIZE_BODY.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.getRootUri() + "/api/platforms/" + platform + "/members"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + BACK_END)
                // no length known in advance: sent chunked, so only the counting stream can stop it
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
            assertThat(JSON.readTree(response.body()).get("type").asString()).endsWith("/body-too-large");
        }
        assertThat(snapshot()).isEqualTo(before);
    }
}
