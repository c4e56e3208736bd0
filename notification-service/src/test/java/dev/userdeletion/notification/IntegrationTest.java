package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.LocalTokenEndpoint;
import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import dev.userdeletion.testsupport.ServiceState;
import dev.userdeletion.testsupport.TestCallers;
import dev.userdeletion.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
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
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring test configuration of this module: the service on a random port against the shared real
 * PostgreSQL and Kafka, a real SMTP server (GreenMail), a real token endpoint (client credentials) and a
 * stand-in for membership-service's platform endpoint that checks the tokens. Every test class extends this and adds nothing to the configuration, so all share one context
 * and one outbox relay (two relays would fight over the replication slot). Tests stand in for the other
 * services by producing their events to Kafka, and keep apart by using their own platforms, users and
 * requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
public abstract class IntegrationTest {

    protected static final String DATABASE = "notification";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final TestSmtp SMTP = new TestSmtp();
    /** This service's client at the token endpoint: short-lived SERVICE tokens for membership-service. */
    protected static final LocalTokenEndpoint.Client CLIENT = LocalTokenEndpoint.Client.withRandomSecret(
            "notification-service", List.of(LocalTokenIssuer.SERVICE), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE));
    protected static final LocalTokenEndpoint TOKEN_ENDPOINT = LocalTokenEndpoint.start(SharedInfrastructure.tokens(), 0,
            LocalTokenEndpoint.DEFAULT_LIFETIME, List.of(CLIENT));
    /** The membership stand-in accepts valid SERVICE tokens for membership-service only. */
    protected static final MembershipStub MEMBERSHIP = new MembershipStub(SharedInfrastructure.tokens());

    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedInfrastructure.withDatabase(DATABASE).springProperties(DATABASE)
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::port);
        SharedInfrastructure.tokens().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("notification.membership.base-url", MEMBERSHIP::baseUrl);
        registry.add("notification.membership.token-uri", TOKEN_ENDPOINT::tokenUri);
        registry.add("notification.membership.client-id", CLIENT::id);
        registry.add("notification.membership.client-secret", CLIENT::secret);
        registry.add("notification.mail.send-interval", () -> "200ms");
        registry.add("notification.mail.retry-backoff", () -> "200ms");
        registry.add("notification.mail.max-backoff", () -> "1s");
        registry.add("messaging.consumer.retry-interval", () -> "100ms");
        // the rejection wait keeps its default (minutes): a test that needs it over moves its request's clock back
        registry.add("notification.follow-up.check-interval", () -> "200ms");
        // GreenMail logs every address it sees; the service's own logs carry ids only
        registry.add("logging.level.com.icegreen", () -> "warn");
    }

    @Autowired
    protected TestRestTemplate http;

    /** Calls with a token of every role (scoped to the platform of the path); AuthorizationMatrixIT covers each role. */
    private ApiCalls api() {
        return new ApiCalls(http, TestCallers.fullAccess(SharedInfrastructure.tokens()));
    }

    @Autowired
    protected JdbcTemplate jdbc;

    // --- the other services' events ---------------------------------------------------------------

    protected record Platform(String id, String csmEmail, String adminEmail) {
    }

    /** A new platform that membership (the stand-in) knows, with its own CSM and admin addresses. */
    protected static Platform newPlatform() {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Platform platform = new Platform(id, "csm-" + id + "@example.com", "admin-" + id + "@example.com");
        MEMBERSHIP.register(platform.id(), platform.csmEmail(), platform.adminEmail());
        return platform;
    }

    protected static String newEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Publishes an event as its owner would (fresh event id); returns the event id. */
    protected static UUID send(Event event) {
        UUID id = UUID.randomUUID();
        send(event, id);
        return id;
    }

    /** Publishes an event under the given event id (the same id again is a redelivery). */
    protected static void send(Event event, UUID eventId) {
        EventType type = EventType.of(event);
        publish(type, event.key(), CODEC.encode(event).getBytes(StandardCharsets.UTF_8), eventId);
    }

    /** membership-service's tombstone for a deleted user. */
    protected static void sendTombstone(UUID userId) {
        publish(EventType.USER_STATE, userId.toString(), null, UUID.randomUUID());
    }

    /** Publishes raw bytes under an event type's headers (a broken record, for poison tests). */
    protected static synchronized void publish(EventType type, String key, byte[] value, UUID eventId) {
        if (producer == null) {
            Properties props = new Properties();
            props.put("bootstrap.servers", SharedInfrastructure.get().bootstrapServers());
            props.put("acks", "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), key, value);
        record.headers().add("id", eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", type.wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", String.valueOf(type.version()).getBytes(StandardCharsets.UTF_8));
        try {
            WRITTEN.put(eventId, producer.send(record).get());
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce a test event", e);
        }
    }

    /** Where each event the tests published landed. */
    private static final Map<UUID, RecordMetadata> WRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits until {@code group} has committed past the event: it was applied, or deliberately ignored. */
    protected static void awaitConsumed(UUID eventId, String group) {
        RecordMetadata written = WRITTEN.get(eventId);
        await().atMost(WAIT).until(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedInfrastructure.get().bootstrapServers()))) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get().get(new TopicPartition(written.topic(), written.partition()));
                return committed != null && committed.offset() > written.offset();
            }
        });
    }

    protected static UserState userState(UUID userId, String email, long revision, String... platformIds) {
        Instant joined = Instant.parse("2024-01-01T00:00:00Z");
        return new UserState(userId, email, null,
                Arrays.stream(platformIds).map(p -> new UserState.Membership(p, Role.MENTEE, joined)).toList(),
                revision, "membership-test");
    }

    /**
     * A UserState as raw JSON, whatever its email: a record the contract refuses cannot be built as a
     * {@link UserState}, but a broken producer could still write it. Returns the event id.
     */
    protected static UUID sendRawUserState(UUID userId, String email, long revision, String... platformIds) {
        StringBuilder memberships = new StringBuilder();
        for (String platformId : platformIds) {
            memberships.append(memberships.isEmpty() ? "" : ",").append("{\"platformId\":\"").append(platformId)
                    .append("\",\"role\":\"MENTEE\",\"joinedAt\":\"2024-01-01T00:00:00Z\"}");
        }
        String json = "{\"userId\":\"" + userId + "\",\"email\":" + JSON.writeValueAsString(email)
                + ",\"lastLoginAt\":null,\"memberships\":[" + memberships + "],\"revision\":" + revision
                + ",\"changedBy\":\"membership-test\"}";
        UUID eventId = UUID.randomUUID();
        publish(EventType.USER_STATE, userId.toString(), json.getBytes(StandardCharsets.UTF_8), eventId);
        return eventId;
    }

    /** A user membership-service announced (revision 1) on the given platforms; returns the user id. */
    protected static UUID announceUser(String email, String... platformIds) {
        UUID userId = UUID.randomUUID();
        send(userState(userId, email, 1, platformIds));
        return userId;
    }

    /** Waits until the directory has applied a UserState of each user. */
    protected void awaitDirectoryKnows(UUID... userIds) {
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM contact WHERE revision IS NOT NULL AND user_id = ANY(?::uuid[])", Integer.class,
                (Object) Arrays.stream(userIds).map(UUID::toString).toArray(String[]::new)) == userIds.length);
    }

    /** membership-service's outcome of a command (chunk) in which only {@code userId} was refused. */
    protected static DeletionOutcome rejected(UUID requestId, Platform platform, UUID userId) {
        return rejected(requestId, platform, new DeletionOutcome.RejectedUser(userId, RejectionReason.MULTI_PLATFORM));
    }

    /** membership-service's outcome of a command (chunk) in which only these users were refused. */
    protected static DeletionOutcome rejected(UUID requestId, Platform platform, DeletionOutcome.RejectedUser... users) {
        return new DeletionOutcome(UUID.randomUUID(), requestId, platform.id(), List.of(), List.of(users), List.of(),
                Instant.now());
    }

    protected static DeletionCompleted completed(UUID requestId, Platform platform, int deleted, int rejected) {
        return completed(requestId, platform, deleted,
                rejected == 0 ? Map.of() : Map.of(RejectionReason.MULTI_PLATFORM, rejected));
    }

    /** The completion of a request whose rejected users are counted by reason (their sum). */
    protected static DeletionCompleted completed(UUID requestId, Platform platform, int deleted,
                                                 Map<RejectionReason, Integer> rejectedByReason) {
        return new DeletionCompleted(requestId, platform.id(), deleted,
                rejectedByReason.values().stream().mapToInt(Integer::intValue).sum(), 0, rejectedByReason,
                Instant.now());
    }

    // --- the API ------------------------------------------------------------------------------------

    /** {@code path} is used verbatim (already encoded). */
    protected Response get(String path, MediaType... accept) {
        return api().send(HttpMethod.GET, path, null, null, Map.of(), accept);
    }

    protected JsonNode getOk(String path) {
        Response response = get(path);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    /** Waits for the case of a request to exist and satisfy {@code ready}; returns it. */
    protected JsonNode awaitCase(Platform platform, UUID requestId, Predicate<JsonNode> ready) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            for (JsonNode c : getOk("/api/csm/follow-ups?platformId=" + platform.id())) {
                if (c.get("requestId").asString().equals(requestId.toString()) && ready.test(c)) {
                    found[0] = c;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    protected List<JsonNode> casesOf(Platform platform) {
        List<JsonNode> cases = new ArrayList<>();
        getOk("/api/csm/follow-ups?platformId=" + platform.id()).forEach(cases::add);
        return cases;
    }

    protected List<JsonNode> notificationsOf(Platform platform) {
        List<JsonNode> notifications = new ArrayList<>();
        getOk("/api/platforms/" + platform.id() + "/notifications").forEach(notifications::add);
        return notifications;
    }

    protected static void assertProblem(Response r, int status, String slug) {
        Response.assertProblem(r, status, slug);
    }

    // --- mail ---------------------------------------------------------------------------------------

    /**
     * Waits until every mail queued for the platform is sent and exactly {@code expected} were queued, then
     * returns what the SMTP server received for {@code recipient}. Once all are sent nothing more can follow.
     */
    protected List<TestSmtp.Mail> awaitAllMailSent(Platform platform, int expected, String recipient) {
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FILTER (WHERE state = 'SENT') = ? AND count(*) = ? FROM mail WHERE platform_id = ?",
                Boolean.class, expected, expected, platform.id()));
        return SMTP.to(recipient);
    }

    // --- reading topics ------------------------------------------------------------------------------

    /** Reads {@code csm.followups} from the start until the records of the case satisfy {@code done}. */
    protected List<ConsumerRecord<String, byte[]>> followUpEvents(UUID caseId,
                                                                  Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return records(Topics.CSM_FOLLOWUPS, caseId.toString(), done);
    }

    /** Reads {@code topic} from the start until its records with {@code key} satisfy {@code done}. */
    protected static List<ConsumerRecord<String, byte[]>> records(String topic, String key,
                                                                  Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return new TopicReader(SharedInfrastructure.get().bootstrapServers())
                .readUntil(topic, r -> key.equals(r.key()), done, WAIT, Duration.ZERO);
    }

    protected static List<String> types(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> header(r, "eventType")).toList();
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    protected static Event decode(ConsumerRecord<String, byte[]> record) {
        return CODEC.decode(header(record, "eventType"), header(record, "schemaVersion"), record.value());
    }

    // --- "nothing changed" -------------------------------------------------------------------------

    /**
     * What a refused (or read-only) request must leave as it was: every table, and the end of every product topic
     * and dead-letter topic (what the service could publish; the relay's own offset and heartbeat topics move by
     * themselves). The service's other writers are its Kafka listeners and the mail sender:
     * {@link ServiceState#quiesce()} pauses the listeners, waits until no mail is pending, then until everything
     * committed so far is on Kafka.
     */
    protected static ServiceState serviceState(ApplicationContext context) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        OutboxWriter outbox = context.getBean(OutboxWriter.class);
        TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
        return ServiceState.ofProductTopics(context,
                context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers(), state -> {
                    await().atMost(WAIT).until(() -> jdbc.queryForObject(
                            "SELECT count(*) FROM mail WHERE state = 'PENDING'", Integer.class) == 0);
                    awaitRelayed(outbox, transactions);
                });
    }

    /**
     * Waits until every event committed so far is on Kafka: the relay publishes in commit order, so once a marker
     * written now has arrived, so has everything before it (events of earlier tests included). The marker is a
     * {@code FollowUpClosed} of a case that does not exist, on a platform no test uses.
     */
    private static void awaitRelayed(OutboxWriter outbox, TransactionTemplate transactions) {
        UUID marker = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.publish(
                new FollowUpClosed(marker, "relay-barrier", UUID.randomUUID(), 0, Instant.now())));
        records(Topics.CSM_FOLLOWUPS, marker.toString(), received -> !received.isEmpty());
    }
}
