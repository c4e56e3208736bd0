package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.ServiceState;
import dev.userdeletion.testsupport.TestCallers;
import dev.userdeletion.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring test configuration of this module: the service on a random port against the shared real
 * PostgreSQL and Kafka, trusting the tokens of {@link SharedInfrastructure#tokens()}. Every test class extends
 * this and adds nothing to the configuration, so they all share one context and one outbox relay (two relays
 * would fight over the replication slot). Calls carry a token with every role ({@link TestCallers#fullAccess})
 * unless they set their own {@code Authorization} header; {@code AuthorizationMatrixIT} covers each role alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@AutoConfigureMetrics
public abstract class IntegrationTest {

    protected static final String DATABASE = "membership";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.withDatabase(DATABASE).springProperties(DATABASE)
                .forEach((key, value) -> registry.add(key, () -> value));
        SharedInfrastructure.tokens().springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    protected TestRestTemplate http;

    private ApiCalls api() {
        return new ApiCalls(http, TestCallers.fullAccess(SharedInfrastructure.tokens()));
    }

    @Autowired
    protected JdbcTemplate jdbc;

    private final EventCodec codec = new EventCodec();

    // --- HTTP --------------------------------------------------------------------------------------

    /** Sends {@code body} as JSON: a String is sent as is (to send broken JSON), anything else is serialised. */
    protected Response call(HttpMethod method, String path, Object body) {
        return api().json(method, path, body, Map.of());
    }

    /** {@code path} is used verbatim (already encoded), so tests control exactly what reaches the server. */
    protected Response send(HttpMethod method, String path, String body, MediaType contentType) {
        return api().send(method, path, body, contentType, Map.of());
    }

    /** As {@link #call}, with {@code token} as the bearer token instead of the full-access one. */
    protected Response callAs(String token, HttpMethod method, String path, Object body) {
        return api().json(method, path, body, Map.of("Authorization", "Bearer " + token));
    }

    protected Response get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    /** A new platform with a unique id. */
    protected String newPlatform() {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 13);
        Response created = call(HttpMethod.PUT, "/api/platforms/" + id,
                Map.of("name", "Platform " + id, "csmEmail", "csm@example.com", "adminEmail", "admin@example.com"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return id;
    }

    protected static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    protected Response join(String platformId, String email, String role) {
        return call(HttpMethod.POST, "/api/platforms/" + platformId + "/members", Map.of("email", email, "role", role));
    }

    /** Adds a member and returns the user id. */
    protected String member(String platformId, String email, String role) {
        Response r = join(platformId, email, role);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("userId").asString();
    }

    protected static void assertProblem(Response r, int status, String slug) {
        Response.assertProblem(r, status, slug);
    }

    // --- database ----------------------------------------------------------------------------------

    /** Every table of the service's database but the outbox (inbox included); equal snapshots mean nothing changed. */
    protected String snapshot() {
        return ServiceState.tables(jdbc).toString();
    }

    /**
     * What a refused request must leave as it was: every table, and the end of every product topic and its
     * dead-letter topic. The Kafka listeners (the DeleteUser commands) are the service's only writers besides its
     * API; {@link ServiceState#quiesce()} pauses them.
     */
    protected static ServiceState serviceState(ApplicationContext context) {
        return ServiceState.ofProductTopics(context,
                context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers(), state -> {
                });
    }

    // --- Kafka -------------------------------------------------------------------------------------

    /**
     * Reads {@code membership.user-state} from the start until the records of {@code userId} satisfy {@code done};
     * returns them in log order (one key, so one partition), with anything published right behind them.
     */
    protected List<ConsumerRecord<String, byte[]>> userStates(String userId,
                                                             Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return topics().readUntil(Topics.USER_STATE, r -> userId.equals(r.key()), done, Duration.ofSeconds(30),
                Duration.ofMillis(300));
    }

    /** Publishes a deletion command (a chunk, or a version 1 command) as the orchestrator would, under a fresh event id. */
    protected void sendCommand(Event command) {
        sendCommand(command, UUID.randomUUID());
    }

    /** Publishes a deletion command under {@code eventId} (the same id twice is a redelivery). */
    protected void sendCommand(Event command, UUID eventId) {
        EventType type = EventType.of(command);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DELETION_COMMANDS, command.key(),
                codec.encode(command).getBytes(StandardCharsets.UTF_8));
        record.headers().add("id", eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", type.wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", String.valueOf(type.version()).getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedInfrastructure.get().bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code deletion.outcomes} from the start until the outcomes of {@code requestId} satisfy {@code done};
     * returns them in log order, with anything published right behind them.
     */
    protected List<DeletionOutcome> outcomes(UUID requestId, Predicate<List<DeletionOutcome>> done) {
        return topics().readUntil(Topics.DELETION_OUTCOMES,
                        r -> outcome(r) instanceof DeletionOutcome outcome && outcome.requestId().equals(requestId),
                        records -> done.test(records.stream().map(r -> (DeletionOutcome) outcome(r)).toList()),
                        Duration.ofSeconds(30), Duration.ofMillis(300))
                .stream().map(r -> (DeletionOutcome) outcome(r)).toList();
    }

    private Event outcome(ConsumerRecord<String, byte[]> record) {
        return codec.decode(header(record, "eventType"), header(record, "schemaVersion"), record.value());
    }

    private static TopicReader topics() {
        return new TopicReader(SharedInfrastructure.get().bootstrapServers());
    }

    protected UserState decode(ConsumerRecord<String, byte[]> record) {
        return codec.decode(UserState.class, header(record, "eventType"), header(record, "schemaVersion"),
                record.value());
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
