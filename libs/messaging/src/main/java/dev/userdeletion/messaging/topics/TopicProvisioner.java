package dev.userdeletion.messaging.topics;

import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.MessagingProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Makes the product's topics and their dead-letter topics exist before any listener or relay uses them, and
 * refuses to start against a keyed topic whose partition count is not the configured one: a different count sends a
 * key to another partition than its earlier records (a user's tombstone would no longer compact away their old
 * state, and per-user order would break). Kafka cannot change that safely in place; README ("Changing the number of
 * partitions") says how to migrate. Unlike Spring's {@code KafkaAdmin}, it never adds partitions to an existing
 * topic.
 *
 * <p>It also brings the topics that can carry personal data to the configurations of {@link ErasureSettings} (new
 * topics are created with them; existing ones whose values differ are altered with incremental alter-configs), so a
 * deleted user's old records go within the configured bound. A broker that refuses to describe or alter them (a
 * shared broker, no ACL) makes the service refuse to start, or, with {@code messaging.erasure.when-refused=WARN},
 * start with an error logged and the topics reported by {@link #unboundedTopics()}.
 */
public class TopicProvisioner implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Map<String, Object> adminConfig;
    private final MessagingProperties.TopicSettings settings;
    private final ErasureSettings erasure;
    private final Duration brokerWait;
    private volatile Map<String, String> unbounded = Map.of();

    public TopicProvisioner(Map<String, Object> adminConfig, MessagingProperties.TopicSettings settings,
                            ErasureSettings erasure, Duration brokerWait) {
        this.adminConfig = adminConfig;
        this.settings = settings;
        this.erasure = erasure;
        this.brokerWait = brokerWait;
    }

    /**
     * Topics that can carry personal data but lack the erasure configurations because the broker refused them, with
     * the broker's answer; empty when every such topic is bounded. Only ever non-empty with
     * {@code messaging.erasure.when-refused=WARN}.
     */
    public Map<String, String> unboundedTopics() {
        return unbounded;
    }

    /** The product's topics with how each must be created. */
    List<NewTopic> wanted() {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            for (String name : List.of(topic, Topics.deadLetterTopic(topic))) {
                NewTopic newTopic = new NewTopic(name, settings.partitions(), settings.replicas());
                Map<String, String> configs = erasure.configsOf(name);
                if (!configs.isEmpty()) {
                    newTopic.configs(configs);
                }
                topics.add(newTopic);
            }
        }
        return topics;
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, TopicDescription> existing = describeWaitingForBroker(admin);
            List<NewTopic> missing = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (NewTopic topic : wanted()) {
                TopicDescription found = existing.get(topic.name());
                if (found == null) {
                    missing.add(topic);
                } else if (found.partitions().size() != topic.numPartitions()) {
                    if (Topics.isDeadLetterTopic(topic.name())) {
                        // dead-letter records keep their key but nothing compacts or orders them by it
                        log.warn("Dead-letter topic {} has {} partitions, messaging.topics.partitions is {}",
                                topic.name(), found.partitions().size(), topic.numPartitions());
                    } else {
                        refused.add(topic.name() + " has " + found.partitions().size() + " partitions");
                    }
                }
            }
            if (!refused.isEmpty()) {
                throw new IllegalStateException("Refusing to start: " + String.join(", ", refused)
                        + " but messaging.topics.partitions is " + settings.partitions() + ". Records are keyed by user"
                        + " or request id: another partition count would send a key's new records to another"
                        + " partition than its old ones (breaking per-key order and the compaction of deleted users'"
                        + " states). Set messaging.topics.partitions to the topics' count, or migrate the topics as"
                        + " README 'Changing the number of partitions' describes");
            }
            create(admin, missing);
            bringToErasureConfigs(admin);
        }
    }

    /**
     * Sets every erasure configuration that differs from the wanted value. Topics just created have them already
     * (then nothing is altered), unless another service or an older version created them first.
     */
    private void bringToErasureConfigs(Admin admin) throws Exception {
        Map<ConfigResource, Map<String, String>> wanted = new LinkedHashMap<>();
        for (NewTopic topic : wanted()) {
            Map<String, String> configs = erasure.configsOf(topic.name());
            if (!configs.isEmpty()) {
                wanted.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), configs);
            }
        }
        Map<ConfigResource, Config> current;
        try {
            current = admin.describeConfigs(wanted.keySet()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            refused(wanted.keySet(), "describing", e);
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        wanted.forEach((resource, configs) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            configs.forEach((key, value) -> {
                ConfigEntry entry = current.get(resource).get(key);
                if (entry == null || !sameValue(entry.value(), value)) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (changes.isEmpty()) {
            unbounded = Map.of();
            return;
        }
        try {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            unbounded = Map.of();
            changes.forEach((resource, ops) -> log.info("Erasure bound {}: set {} on {}", erasure.bound(),
                    ops.stream().map(op -> op.configEntry().name() + "=" + op.configEntry().value()).toList(),
                    resource.name()));
        } catch (ExecutionException e) {
            refused(changes.keySet(), "altering", e);
        }
    }

    private static boolean sameValue(String current, String wanted) {
        if (wanted.equals(current)) {
            return true;
        }
        try {
            return current != null && Double.parseDouble(current) == Double.parseDouble(wanted);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void refused(Collection<ConfigResource> topics, String what, ExecutionException e) throws Exception {
        if (!(e.getCause() instanceof ApiException) || e.getCause() instanceof RetriableException) {
            throw e;
        }
        List<String> names = topics.stream().map(ConfigResource::name).toList();
        StringBuilder wantedConfigs = new StringBuilder();
        for (String name : names) {
            wantedConfigs.append(' ').append(name).append(' ').append(erasure.configsOf(name));
        }
        String answer = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
        String message = "The broker refused " + what + " the configurations of " + names + " (" + answer + ")."
                + " Without them a deleted user's old records may stay on Kafka for ever instead of at most "
                + erasure.bound() + " (messaging.erasure.bound). Ask the Kafka administrators to set:"
                + wantedConfigs + ", or to grant this service DescribeConfigs and AlterConfigs on these topics";
        if (erasure.whenRefused() == ErasureSettings.WhenRefused.REFUSE) {
            throw new IllegalStateException("Refusing to start: " + message + " (messaging.erasure.when-refused=WARN"
                    + " starts anyway and reports the topics in health and metrics)", e.getCause());
        }
        log.error("ERASURE NOT BOUNDED: {}. Starting anyway (messaging.erasure.when-refused=WARN); the topics are"
                + " reported in /actuator/health (erasure) and messaging_erasure_unbounded_topics", message);
        Map<String, String> now = new LinkedHashMap<>();
        names.forEach(name -> now.put(name, "broker refused " + what + " configurations: " + answer));
        unbounded = Map.copyOf(now);
    }

    private Map<String, TopicDescription> describeWaitingForBroker(Admin admin) throws Exception {
        long deadline = System.nanoTime() + brokerWait.toNanos();
        while (true) {
            try {
                Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                List<String> ours = wanted().stream().map(NewTopic::name).filter(names::contains).toList();
                return new LinkedHashMap<>(admin.describeTopics(ours).allTopicNames().get(10, TimeUnit.SECONDS));
            } catch (TimeoutException | ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not answer within " + brokerWait.toSeconds()
                            + " s; cannot check the product's topics", e);
                }
                log.warn("Waiting for Kafka to check the product's topics: {}", e.toString());
            }
        }
    }

    private static void create(Admin admin, List<NewTopic> missing) throws Exception {
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            // another service created some of them at the same moment: fine, they are checked on the next start
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException again) {
                    if (!(again.getCause() instanceof TopicExistsException)) {
                        throw again;
                    }
                }
            }
        }
    }
}
