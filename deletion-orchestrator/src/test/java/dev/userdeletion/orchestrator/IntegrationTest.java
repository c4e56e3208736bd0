package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.ServiceState;
import dev.userdeletion.testsupport.TestCallers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring test configuration of this module: the orchestrator on a random port against the shared real
 * PostgreSQL and Kafka, with the user-query-service played by {@link UserQueryStub} (real HTTP) and
 * membership-service by {@link KafkaEvents} (real Kafka records). Every test class extends this and adds nothing to
 * the configuration, so they all share one context and one outbox relay (two relays would fight over the slot).
 * Tests keep apart by using their own platforms and requests.
 *
 * <p>The service trusts the per-JVM test token issuer. Calls carry a token with every role scoped to the path's
 * platform ({@link TestCallers#fullAccess}) unless a call sets its own {@code Authorization} header; the stub
 * accepts exactly that token for the platform, so reviews and items pages prove the admin's token is relayed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "orchestrator.stall-after=3s",
        "orchestrator.metrics.refresh-interval=300ms",
        "orchestrator.user-query.lookup-chunk-size=1000",
        "orchestrator.batch-size=700",
        "messaging.consumer.attempts=2",
        "messaging.consumer.retry-interval=100ms",
        "logging.level.io.zonky=warn",
        "logging.level.kafka=warn",
        "logging.level.state.change.logger=warn"})
@AutoConfigureTestRestTemplate
@AutoConfigureMetrics
public abstract class IntegrationTest {

    protected static final String DATABASE = "orchestrator";
    protected static final String GROUP = "deletion-orchestrator";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    /** Path → a token with every role, scoped to the path's platform; one token per platform. */
    protected static final Function<String, String> FULL_ACCESS = TestCallers.fullAccess(SharedInfrastructure.tokens());
    protected static final UserQueryStub USER_QUERY = UserQueryStub.start();
    private static KafkaEvents kafka;

    static {
        USER_QUERY.defaultAdminToken(platformId -> FULL_ACCESS.apply("/api/platforms/" + platformId));
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.withDatabase(DATABASE).springProperties(DATABASE)
                .forEach((key, value) -> registry.add(key, () -> value));
        SharedInfrastructure.tokens().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("orchestrator.user-query.base-url", USER_QUERY::baseUrl);
    }

    @Autowired
    protected TestRestTemplate http;

    private ApiCalls api() {
        return new ApiCalls(http, FULL_ACCESS);
    }

    @Autowired
    protected JdbcTemplate jdbc;

    /**
     * The reader of the orchestrator's topics, shared by every test class in this JVM; started on first use, once
     * the context (and so the topics) exist.
     */
    protected static synchronized KafkaEvents kafka() {
        if (kafka == null) {
            kafka = new KafkaEvents(SharedInfrastructure.get().bootstrapServers());
        }
        return kafka;
    }

    /**
     * What a refused request must leave as it was: every table, and what the orchestrator published on its topics
     * ({@link KafkaEvents#READ}). The outbox table is emptied by the relay in the background, so publications are
     * checked on the topics themselves, behind a barrier ({@link KafkaEvents#publishedSince}). The outcome and receipt
     * listeners are the service's only writers that no request drives: {@link ServiceState#quiesce()} pauses them, then waits until
     * the tables and topics stop moving (earlier tests' events still on their way through the relay).
     */
    protected static ServiceState serviceState(ApplicationContext context) {
        return ServiceState.of(context, KafkaEvents.READ,
                List.of(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("deletion-outcomes"),
                        context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("deletion-receipts")),
                ServiceState::awaitStable);
    }

    /** Headers that make a call carry {@code token} instead of the full-access one. */
    protected static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    // --- HTTP --------------------------------------------------------------------------------------

    protected Response call(HttpMethod method, String path, Object body) {
        return call(method, path, body, Map.of());
    }

    /** Sends {@code body} as JSON: a String is sent as is (to send broken JSON), anything else is serialised. */
    protected Response call(HttpMethod method, String path, Object body, Map<String, String> headers) {
        return api().json(method, path, body, headers);
    }

    /** {@code path} is used verbatim (already encoded), so tests control exactly what reaches the server. */
    protected Response send(HttpMethod method, String path, String body, MediaType contentType,
                            Map<String, String> headers) {
        return api().send(method, path, body, contentType, headers);
    }

    protected Response get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    protected static String newPlatform() {
        return "p-" + UUID.randomUUID().toString().substring(0, 13);
    }

    protected static String requests(String platformId) {
        return "/api/platforms/" + platformId + "/deletion-requests";
    }

    protected static String request(String platformId, UUID requestId) {
        return requests(platformId) + "/" + requestId;
    }

    /** A new DRAFT request; returns its id. */
    protected UUID createRequest(String platformId) {
        Response r = call(HttpMethod.POST, requests(platformId), null);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return UUID.fromString(r.body().get("requestId").asString());
    }

    protected Response getRequest(String platformId, UUID requestId) {
        Response r = get(request(platformId, requestId));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r;
    }

    protected Response selectUsers(String platformId, UUID requestId, Collection<UUID> userIds) {
        return call(HttpMethod.PUT, request(platformId, requestId) + "/selection",
                Map.of("mode", "USERS", "userIds", ids(userIds)));
    }

    protected Response patch(String platformId, UUID requestId, Collection<UUID> add, Collection<UUID> remove) {
        return call(HttpMethod.PATCH, request(platformId, requestId) + "/selection",
                Map.of("add", ids(add), "remove", ids(remove)));
    }

    protected Response review(String platformId, UUID requestId) {
        return call(HttpMethod.POST, request(platformId, requestId) + "/review", null);
    }

    /** Confirms the request's current review (as the admin who just looked at it would). */
    protected Response confirm(String platformId, UUID requestId, int typedCount) {
        return confirm(platformId, requestId, typedCount, reviewVersion(platformId, requestId));
    }

    protected Response confirm(String platformId, UUID requestId, int typedCount, int reviewVersion) {
        return call(HttpMethod.POST, request(platformId, requestId) + "/confirmation",
                Map.of("typedCount", typedCount, "reviewVersion", reviewVersion));
    }

    /** The request's current reviewVersion; 1 (which names no review) while it has none. */
    protected int reviewVersion(String platformId, UUID requestId) {
        JsonNode version = getRequest(platformId, requestId).body().get("reviewVersion");
        return version == null || version.isNull() ? 1 : version.asInt();
    }

    protected Response items(String platformId, UUID requestId, int page, int size) {
        return get(request(platformId, requestId) + "/items?page=" + page + "&size=" + size);
    }

    /** Creates, selects (USERS), reviews and confirms a request of {@code users}; returns its id. */
    protected UUID confirmedRequest(String platformId, Collection<UUID> users) {
        UUID requestId = createRequest(platformId);
        assertThat(selectUsers(platformId, requestId, users).status()).isEqualTo(200);
        Response reviewed = review(platformId, requestId);
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        Response confirmed = confirm(platformId, requestId, users.size());
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
        return requestId;
    }

    protected static List<String> ids(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toList();
    }

    protected static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** Polls the request until {@code condition} holds. */
    protected JsonNode awaitRequest(String platformId, UUID requestId, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = getRequest(platformId, requestId).body();
            return condition.test(last[0]);
        });
        return last[0];
    }

    protected static void assertProblem(Response r, int status, String slug) {
        Response.assertProblem(r, status, slug);
    }

    /** The command ids frozen for a request, by user id. */
    protected Map<UUID, UUID> commandIds(UUID requestId) {
        Map<UUID, UUID> result = new java.util.HashMap<>();
        jdbc.query("SELECT user_id, command_id FROM deletion_item WHERE request_id = ?",
                rs -> {
                    result.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                }, requestId);
        return result;
    }
}
