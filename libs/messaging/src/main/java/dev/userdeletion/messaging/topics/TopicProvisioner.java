package dev.userdeletion.messaging.topics;

import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.MessagingProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
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
 */
public class TopicProvisioner implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Map<String, Object> adminConfig;
    private final MessagingProperties.TopicSettings settings;
    private final Duration brokerWait;

    public TopicProvisioner(Map<String, Object> adminConfig, MessagingProperties.TopicSettings settings,
                            Duration brokerWait) {
        this.adminConfig = adminConfig;
        this.settings = settings;
        this.brokerWait = brokerWait;
    }

    /** The product's topics with how each must be created. */
    List<NewTopic> wanted() {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            NewTopic main = new NewTopic(topic, settings.partitions(), settings.replicas());
            if (Topics.isCompacted(topic)) {
                main.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(main);
            topics.add(new NewTopic(Topics.deadLetterTopic(topic), settings.partitions(), settings.replicas()));
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
        }
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
