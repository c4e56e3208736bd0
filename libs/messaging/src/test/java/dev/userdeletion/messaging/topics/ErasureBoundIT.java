package dev.userdeletion.messaging.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.infra.StandaloneKafka;
import dev.userdeletion.messaging.MessagingProperties;
import dev.userdeletion.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The erasure bound on a real KRaft broker (its cleaner checks every second, see local-infra's {@code KraftBroker}):
 * topics are brought to the configurations, and a deleted user's old states and dead letters really disappear.
 */
class ErasureBoundIT {

    private static final Duration BOUND = Duration.ofSeconds(8);
    private static final ErasureSettings SETTINGS =
            new ErasureSettings(BOUND, Duration.ofHours(1), ErasureSettings.WhenRefused.REFUSE, true);
    private static final MessagingProperties.TopicSettings TOPICS = new MessagingProperties.TopicSettings(true, 6, (short) 1);

    private final String bootstrap = SharedInfrastructure.get().bootstrapServers();
    private final TopicReader reader = new TopicReader(bootstrap);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private KafkaTemplate<String, byte[]> kafka;

    @BeforeEach
    void provision() throws Exception {
        new TopicProvisioner(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), TOPICS, SETTINGS,
                Duration.ofSeconds(30)).afterPropertiesSet();
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer());
        closeables.add(producers::destroy);
        kafka = new KafkaTemplate<>(producers);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    @Test
    void existingTopicsWithKafkasDefaultsAreBroughtToTheErasureConfigurationsAtStart() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // as an earlier version left them: compact only, the dead letters kept 7 days
            admin.incrementalAlterConfigs(Map.of(
                    topic(Topics.USER_STATE), deleteAll(SETTINGS.configsOf(Topics.USER_STATE).keySet(),
                            TopicConfig.CLEANUP_POLICY_CONFIG),
                    topic(Topics.deadLetterTopic(Topics.USER_STATE)),
                    deleteAll(SETTINGS.configsOf(Topics.deadLetterTopic(Topics.USER_STATE)).keySet(), null)))
                    .all().get(30, TimeUnit.SECONDS);
            assertThat(configs(admin, Topics.USER_STATE).get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG).value())
                    .isEqualTo(String.valueOf(Long.MAX_VALUE));

            new TopicProvisioner(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), TOPICS, SETTINGS,
                    Duration.ofSeconds(30)).afterPropertiesSet();

            Config userState = configs(admin, Topics.USER_STATE);
            assertThat(userState.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(userState.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("2000");
            assertThat(userState.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG).value()).isEqualTo("2000");
            assertThat(userState.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG).value()).isEqualTo("0");
            assertThat(userState.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG).value()).isEqualTo("0.1");
            assertThat(userState.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
            Config deadLetters = configs(admin, Topics.deadLetterTopic(Topics.USER_STATE));
            assertThat(deadLetters.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
            assertThat(deadLetters.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("2000");
            assertThat(deadLetters.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("4000");
            // topics with ids only keep the broker's settings
            assertThat(configs(admin, Topics.DELETION_COMMANDS).get(TopicConfig.RETENTION_MS_CONFIG).source())
                    .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    @Test
    void aDeletedUsersOldStatesAreCompactedAwayWithinTheBoundEvenWhenNothingElseIsWritten() throws Exception {
        UUID deleted = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        String deletedEmail = "gone-" + deleted + "@example.org";
        String keptEmail = "kept-" + kept + "@example.org";
        send(Topics.USER_STATE, deleted.toString(), state(deleted, deletedEmail, 1));
        send(Topics.USER_STATE, kept.toString(), state(kept, keptEmail, 1));
        send(Topics.USER_STATE, deleted.toString(), state(deleted, deletedEmail, 2));
        send(Topics.USER_STATE, deleted.toString(), null);
        assertThat(valuesContaining(Topics.USER_STATE, deletedEmail)).hasSize(2);

        CompactionMarkers markers = new CompactionMarkers(kafka, SETTINGS.markerInterval());
        markers.start();
        closeables.add(markers::stop);

        await().atMost(BOUND.multipliedBy(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> valuesContaining(Topics.USER_STATE, deletedEmail).isEmpty());
        List<ConsumerRecord<String, byte[]>> all = reader.readAll(Topics.USER_STATE);
        assertThat(all).as("the tombstone stays for tombstone-retention")
                .anyMatch(r -> deleted.toString().equals(r.key()) && r.value() == null);
        assertThat(valuesContaining(Topics.USER_STATE, keptEmail)).as("a user who was not deleted keeps their state")
                .hasSize(1);
    }

    @Test
    void aDeadLetteredUserStateIsGoneWithinTheBound() throws Exception {
        UUID user = UUID.randomUUID();
        String email = "dead-" + user + "@example.org";
        send(Topics.deadLetterTopic(Topics.USER_STATE), user.toString(), state(user, email, 1));
        assertThat(valuesContaining(Topics.deadLetterTopic(Topics.USER_STATE), email)).hasSize(1);

        await().atMost(BOUND.multipliedBy(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> valuesContaining(Topics.deadLetterTopic(Topics.USER_STATE), email).isEmpty());
    }

    @Test
    void aBrokerThatRefusesTheConfigurationsStopsTheServiceOrWithWarnIsReportedInHealthAndMetrics()
            throws Exception {
        try (StandaloneKafka shared = StandaloneKafka.start(
                Map.of("alter.config.policy.class.name", RefuseAlterConfigs.class.getName()));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers()))) {
            // topics made by the platform team with the broker's defaults (this broker's policy refuses any other)
            admin.createTopics(List.of(new NewTopic(Topics.USER_STATE, 6, (short) 1),
                    new NewTopic(Topics.deadLetterTopic(Topics.USER_STATE), 6, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers());

            assertThatThrownBy(() -> new TopicProvisioner(adminConfig, TOPICS, SETTINGS, Duration.ofSeconds(30))
                    .afterPropertiesSet())
                    .hasMessageContaining("Refusing to start: The broker refused altering the configurations of ["
                            + Topics.USER_STATE + ", " + Topics.deadLetterTopic(Topics.USER_STATE) + "]")
                    .hasMessageContaining("PolicyViolationException")
                    .hasMessageContaining("max.compaction.lag.ms=2000")
                    .hasMessageContaining("messaging.erasure.when-refused=WARN");

            ErasureSettings warn = new ErasureSettings(BOUND, Duration.ofHours(1), ErasureSettings.WhenRefused.WARN, true);
            TopicProvisioner provisioner = new TopicProvisioner(adminConfig, TOPICS, warn, Duration.ofSeconds(30));
            provisioner.afterPropertiesSet();
            assertThat(provisioner.unboundedTopics()).containsOnlyKeys(Topics.USER_STATE,
                    Topics.deadLetterTopic(Topics.USER_STATE));
            Health health = new ErasureHealthIndicator(provisioner, warn).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("bounded", false).containsKey("unboundedTopics");
            // the other topics were still created
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.DELETION_COMMANDS,
                    Topics.deadLetterTopic(Topics.CSM_FOLLOWUPS));
        }
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static Collection<AlterConfigOp> deleteAll(Collection<String> keys, String except) {
        return keys.stream().filter(k -> !k.equals(except))
                .map(k -> new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)).toList();
    }

    private static Config configs(Admin admin, String topic) throws Exception {
        return admin.describeConfigs(List.of(topic(topic))).all().get(30, TimeUnit.SECONDS).get(topic(topic));
    }

    private static byte[] state(UUID user, String email, long revision) {
        return ("{\"userId\":\"" + user + "\",\"email\":\"" + email + "\",\"revision\":" + revision + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        kafka.send(topic, key, value).get(30, TimeUnit.SECONDS);
    }

    private List<ConsumerRecord<String, byte[]>> valuesContaining(String topic, String text) {
        return reader.readAll(topic).stream().filter(r -> r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).contains(text)).toList();
    }
}
