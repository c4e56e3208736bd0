package dev.userdeletion.userquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.ServiceState;
import dev.userdeletion.testsupport.TestCallers;
import dev.userdeletion.testsupport.TopicReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * The one Spring test configuration of this module: the service on a random port against the shared real
 * PostgreSQL and Kafka. Every test class extends this and adds nothing to the configuration, so they all
 * share one context (and one consumer group). Tests keep apart by using their own platform and user ids.
 * Events reach the service the way membership-service sends them: a Kafka record with key = user id and
 * headers {@code id}, {@code eventType}, {@code schemaVersion}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "messaging.consumer.retry-interval=100ms",
        // the test client: Jetty's (on the classpath through Kafka Connect) aborts a POST answered 401
        "spring.http.clients.imperative.factory=jdk"})
@AutoConfigureTestRestTemplate
@AutoConfigureMetrics
public abstract class IntegrationTest {

    protected static final String DATABASE = "user_query";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.withDatabase(DATABASE).springProperties(DATABASE)
                .forEach((key, value) -> registry.add(key, () -> value));
        SharedInfrastructure.tokens().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    protected TestRestTemplate http;

    /** A caller with every role, admin of the platform in the path; {@link AuthorizationMatrixIT} covers each role alone. */
    private static final Function<String, String> FULL_ACCESS = TestCallers.fullAccess(SharedInfrastructure.tokens());

    private ApiCalls api() {
        return new ApiCalls(http, FULL_ACCESS);
    }

    @Autowired
    protected JdbcTemplate jdbc;

    // --- events ------------------------------------------------------------------------------------

    protected static String newPlatform() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    protected static UserState.Membership member(String platformId, Role role) {
        return new UserState.Membership(platformId, role, Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** The {@code changedBy} of the states tests publish: the sub of the back end that made the change. */
    protected static final String CHANGED_BY = "membership-test";

    protected static UserState state(UUID userId, String email, Instant lastLoginAt, long revision,
                                     UserState.Membership... memberships) {
        return new UserState(userId, email, lastLoginAt, Arrays.asList(memberships), revision, CHANGED_BY);
    }

    /** Publishes a state under a new event id; returns the event id. */
    protected static UUID publish(UserState state) {
        UUID eventId = UUID.randomUUID();
        publish(eventId, state);
        return eventId;
    }

    protected static void publish(UUID eventId, UserState state) {
        send(state.userId().toString(), CODEC.encode(state).getBytes(StandardCharsets.UTF_8), eventId.toString(),
                "UserState", "1");
    }

    /** Publishes the tombstone of a deleted user; returns the event id. */
    protected static UUID publishTombstone(UUID userId) {
        UUID eventId = UUID.randomUUID();
        send(userId.toString(), null, eventId.toString(), "UserState", "1");
        return eventId;
    }

    /** Publishes and waits for the broker's acknowledgement. */
    protected static void send(String key, byte[] value, String id, String type, String version) {
        try {
            RecordMetadata written = sendAsync(key, value, id, type, version).get();
            if (id != null) {
                WRITTEN.put(id, written);
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where each event the tests published landed, by event id. */
    private static final Map<String, RecordMetadata> WRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

    protected static Future<RecordMetadata> sendAsync(String key, byte[] value, String id, String type, String version) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.USER_STATE, key, value);
        if (id != null) {
            record.headers().add("id", id.getBytes(StandardCharsets.UTF_8));
        }
        if (type != null) {
            record.headers().add("eventType", type.getBytes(StandardCharsets.UTF_8));
        }
        if (version != null) {
            record.headers().add("schemaVersion", version.getBytes(StandardCharsets.UTF_8));
        }
        return producer().send(record);
    }

    protected static byte[] encode(UserState state) {
        return CODEC.encode(state).getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put("bootstrap.servers", SharedInfrastructure.get().bootstrapServers());
            props.put("acks", "all");
            props.put("linger.ms", "5");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Whether the projection has processed (applied or deliberately ignored) the event: its group committed past it. */
    protected boolean processed(UUID eventId) throws Exception {
        RecordMetadata written = WRITTEN.get(eventId.toString());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("user-query-service")
                    .partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(written.topic(), written.partition()));
            return committed != null && committed.offset() > written.offset();
        }
    }

    protected void awaitProcessed(UUID eventId) {
        await().atMost(PATIENCE).until(() -> processed(eventId));
    }

    protected void awaitCount(String platformId, long count) {
        awaitCount(platformId, count, PATIENCE);
    }

    protected void awaitCount(String platformId, long count, Duration patience) {
        await().atMost(patience).untilAsserted(() ->
                assertThat(get("/api/platforms/" + platformId + "/users/count").body().get("count").asLong())
                        .isEqualTo(count));
    }

    /** Reads {@code topic} from the start until a record with {@code key} is there; returns the first. */
    protected static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
        return new TopicReader(SharedInfrastructure.get().bootstrapServers())
                .readUntil(topic, r -> key.equals(r.key()), records -> !records.isEmpty(), PATIENCE, Duration.ZERO)
                .getFirst();
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * What a refused (or read-only) request must leave as it was: every table and the end of every topic of the
     * broker. The projection is the service's other writer (the tally compactor only folds what the projection
     * appended): {@link ServiceState#quiesce()} pauses it, then waits until the compactor has folded the deltas it
     * left, so nothing but the requests under test can change a table.
     */
    protected static ServiceState serviceState(ApplicationContext context) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        return ServiceState.ofEveryTopic(context,
                List.of(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("user-state-projection")),
                state -> await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                        "SELECT count(*) FROM platform_user_tally_delta", Long.class) == 0));
    }

    // --- HTTP --------------------------------------------------------------------------------------

    /** {@code path} is used verbatim (already encoded), so tests control exactly what reaches the server. */
    protected Response send(HttpMethod method, String path, String body, MediaType contentType) {
        return api().send(method, path, body, contentType, Map.of());
    }

    protected Response get(String path) {
        return send(HttpMethod.GET, path, null, null);
    }

    protected Response post(String path, Object body) {
        return send(HttpMethod.POST, path, body instanceof String s ? s : JSON.writeValueAsString(body),
                MediaType.APPLICATION_JSON);
    }

    /** A successful GET's body. */
    protected JsonNode ok(String path) {
        Response r = get(path);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    /** Query string from name/value pairs, each value URL-encoded. */
    protected static String query(String... nameValues) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            q.append(q.isEmpty() ? "?" : "&").append(nameValues[i]).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    protected static List<String> emails(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("email").asString()).toList();
    }

    protected static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    protected static void assertProblem(Response r, int status, String slug) {
        Response.assertProblem(r, status, slug);
    }
}
