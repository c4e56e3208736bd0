package dev.userdeletion.messaging;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.inbox.InboxPruner;
import dev.userdeletion.messaging.deadletter.DeadLetters;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.messaging.relay.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.consumer.ConsumerHealth;
import dev.userdeletion.messaging.health.MessagingHealthIndicator;
import dev.userdeletion.messaging.topics.CompactionMarkers;
import dev.userdeletion.messaging.topics.ErasureHealthIndicator;
import dev.userdeletion.messaging.topics.ErasureSettings;
import dev.userdeletion.messaging.topics.TopicProvisioner;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Wires the outbox, its relay, the inbox and the listener error handling into a service. Listeners
 * receive {@code ConsumerRecord<String, byte[]>} and read events with {@code IncomingEvent}.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({MessagingProperties.class, ErasureSettings.class})
public class MessagingAutoConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    OutboxWriter outboxWriter(JdbcTemplate jdbc, EventCodec codec) {
        return new OutboxWriter(jdbc, codec);
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc) {
        return new Inbox(jdbc);
    }

    @Bean
    InboxPruner inboxPruner(JdbcTemplate jdbc, MessagingProperties properties, MeterRegistry meters) {
        return new InboxPruner(jdbc, properties.inbox(), meters);
    }

    /**
     * The outbox and inbox tables come with this library, numbered 0.x so they run before the service's own
     * migrations. A later library migration (0.2, …) is lower than what a service has applied already, so
     * out-of-order migrations are allowed: an existing database gets it on the next start instead of failing
     * validation.
     */
    @Bean
    FlywayConfigurationCustomizer messagingMigrations() {
        return configuration -> {
            List<org.flywaydb.core.api.Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
            locations.add(new org.flywaydb.core.api.Location("classpath:db/messaging"));
            configuration.locations(locations.toArray(org.flywaydb.core.api.Location[]::new));
            configuration.outOfOrder(true);
        };
    }

    /** The relay makes its replication slot when initialised: after the migrations, which create its tables. */
    @Bean
    @DependsOnDatabaseInitialization
    @ConditionalOnProperty(name = "messaging.relay.enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, DataSourceProperties dataSourceProperties,
                            KafkaProperties kafkaProperties, MessagingProperties properties, MeterRegistry meters,
                            @Value("${spring.application.name}") String applicationName) {
        Map<String, Object> producerConfig = relayProducerConfig(kafkaProperties);
        String name = properties.relay().name() == null ? applicationName : properties.relay().name();
        return new OutboxRelay(dataSource, dataSourceProperties.determineUrl(),
                dataSourceProperties.determineUsername(), dataSourceProperties.determinePassword(), name,
                String.join(",", kafkaProperties.getBootstrapServers()), properties.relay(),
                () -> new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer()), meters);
    }

    private static Map<String, Object> relayProducerConfig(KafkaProperties kafkaProperties) {
        Map<String, Object> config = kafkaProperties.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return config;
    }

    @Bean
    ConsumerHealth consumerHealth(MeterRegistry meters) {
        return new ConsumerHealth(meters, Clock.systemUTC());
    }

    @Bean
    BatchConsumer batchConsumer(ConsumerHealth consumerHealth) {
        return new BatchConsumer(consumerHealth);
    }

    @Bean
    MessagingHealthIndicator messagingHealthIndicator(ConsumerHealth consumerHealth, ObjectProvider<OutboxRelay> relay,
                                                      MessagingProperties properties) {
        return new MessagingHealthIndicator(consumerHealth, relay.getIfAvailable(),
                properties.consumer().unreadyAfter());
    }

    /**
     * A consumer group without committed offsets (a first deploy, a new group id, offsets expired) starts at the
     * beginning of its topics, not at their end: commands published before it first committed are not skipped.
     */
    @Bean
    ConsumerFactory<String, byte[]> messagingConsumerFactory(KafkaProperties kafkaProperties, MeterRegistry meters) {
        Map<String, Object> config = kafkaProperties.buildConsumerProperties();
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(
                config, new StringDeserializer(), new ByteArrayDeserializer());
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }

    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaProperties kafkaProperties, MeterRegistry meters) {
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
                kafkaProperties.buildProducerProperties(), new StringSerializer(), new ByteArraySerializer());
        factory.addListener(new MicrometerProducerListener<>(meters));
        return new KafkaTemplate<>(factory);
    }

    @Bean
    DefaultErrorHandler messagingErrorHandler(KafkaTemplate<String, byte[]> deadLetterTemplate, MeterRegistry meters,
                                              MessagingProperties properties) {
        return DeadLetters.errorHandler(deadLetterTemplate, meters, properties.consumer());
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<String, byte[]> messagingConsumerFactory, DefaultErrorHandler messagingErrorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure((ConcurrentKafkaListenerContainerFactory) factory, (ConsumerFactory) messagingConsumerFactory);
        factory.setCommonErrorHandler(messagingErrorHandler);
        return factory;
    }

    /** The product's topics and their dead-letter topics exist, with the right partition count, before anything uses them. */
    @Bean
    @ConditionalOnProperty(name = "messaging.topics.create", havingValue = "true", matchIfMissing = true)
    TopicProvisioner topicProvisioner(KafkaAdmin kafkaAdmin, MessagingProperties properties, ErasureSettings erasure,
                                      MeterRegistry meters) {
        TopicProvisioner provisioner = new TopicProvisioner(kafkaAdmin.getConfigurationProperties(), properties.topics(),
                erasure, Duration.ofMinutes(2));
        Gauge.builder("messaging.erasure.unbounded.topics", provisioner, p -> p.unboundedTopics().size())
                .description("Topics with personal data whose erasure configurations the broker refused")
                .register(meters);
        return provisioner;
    }

    @Bean
    @ConditionalOnProperty(name = "messaging.topics.create", havingValue = "true", matchIfMissing = true)
    ErasureHealthIndicator erasureHealthIndicator(TopicProvisioner provisioner, ErasureSettings erasure) {
        return new ErasureHealthIndicator(provisioner, erasure);
    }

    /** Rolls quiet partitions of the topics with personal data, so their compaction keeps the erasure bound. */
    @Bean
    @ConditionalOnProperty(name = "messaging.erasure.markers", havingValue = "true", matchIfMissing = true)
    CompactionMarkers compactionMarkers(KafkaTemplate<String, byte[]> deadLetterTemplate, ErasureSettings erasure) {
        return new CompactionMarkers(deadLetterTemplate, erasure.markerInterval());
    }
}
