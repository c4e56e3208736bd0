package dev.userdeletion.messaging.relay;

import dev.userdeletion.messaging.MessagingProperties;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves committed outbox rows to Kafka with an embedded Debezium engine (PostgreSQL connector,
 * {@code pgoutput}, Outbox Event Router). Offsets live in a Kafka topic, so a restarted relay resumes
 * where it stopped. The replication slot and publication are created before the service takes
 * traffic, so nothing committed after start-up can be missed. If the engine fails (Kafka or
 * PostgreSQL down), it is restarted with growing pauses.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RelayDatabase database;
    private final String name;
    private final String bootstrapServers;
    private final MessagingProperties.Relay settings;
    private final JdbcTemplate jdbc;
    private final Supplier<Producer<String, byte[]>> producers;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    private volatile boolean running;
    private volatile DebeziumEngine<?> engine;
    private volatile Producer<String, byte[]> producer;
    private ExecutorService supervisor;

    public OutboxRelay(DataSource dataSource, String jdbcUrl, String user, String password, String name,
                       String bootstrapServers, MessagingProperties.Relay settings,
                       Supplier<Producer<String, byte[]>> producers,
                       io.micrometer.core.instrument.MeterRegistry meters) {
        this.database = RelayDatabase.fromJdbcUrl(jdbcUrl, user, password);
        this.name = name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.jdbc = new JdbcTemplate(dataSource);
        this.producers = producers;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        ensureSlotAndPublication();
        running = true;
        producer = producers.get();
        supervisor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-" + name));
        supervisor.execute(this::superviseEngine);
        log.info("Outbox relay {} started (slot {}, database {})", name, slotName(), database.database());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        closeEngine();
        supervisor.shutdown();
        try {
            if (!supervisor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Outbox relay {} did not stop within 30 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        log.info("Outbox relay {} stopped", name);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late in start-up (after Flyway and the Kafka admin), early in shutdown. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    String slotName() {
        return name + "_outbox";
    }

    private void ensureSlotAndPublication() {
        Integer publications = jdbc.queryForObject("SELECT count(*) FROM pg_publication WHERE pubname = ?",
                Integer.class, slotName());
        // inserts only: the router reads inserts, and every outbox row is deleted in its own transaction, so
        // publishing the deletes would double what the relay decodes and then throws away
        if (publications == null || publications == 0) {
            jdbc.execute("CREATE PUBLICATION " + slotName() + " FOR TABLE public.outbox WITH (publish = 'insert')");
        } else {
            jdbc.execute("ALTER PUBLICATION " + slotName() + " SET (publish = 'insert')");
        }
        Integer slots = jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?",
                Integer.class, slotName());
        if (slots == null || slots == 0) {
            jdbc.queryForList("SELECT pg_create_logical_replication_slot(?, 'pgoutput')", slotName());
        }
    }

    private void superviseEngine() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            long started = System.nanoTime();
            try (DebeziumEngine<?> created = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineProperties())
                    .notifying(new KafkaPublisher(producer, meters))
                    .using((success, message, error) -> {
                        if (!success && running) {
                            log.error("Outbox relay {} engine stopped: {}", name, message, error);
                        }
                    })
                    .build()) {
                engine = created;
                created.run();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.error("Outbox relay {} failed", name, e);
                } else {
                    // stop() closed the engine already; closing it again on the way out says so
                    log.debug("Outbox relay {} ended while stopping: {}", name, e.toString());
                }
            }
            engine = null;
            if (!running) {
                return;
            }
            if (System.nanoTime() - started > MAX_BACKOFF.toNanos()) {
                backoff = Duration.ofSeconds(1);
            }
            log.warn("Restarting outbox relay {} in {} s", name, backoff.toSeconds());
            try {
                Thread.sleep(backoff.toMillis()); // pause between restarts of a failed engine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void closeEngine() {
        DebeziumEngine<?> current = engine;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.warn("Outbox relay {} did not close cleanly", name, e);
            }
        }
    }

    private Properties engineProperties() {
        Properties p = new Properties();
        p.setProperty("name", name + "-outbox-relay");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", name + ".outbox-relay-offsets");
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", "1");
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", String.valueOf(database.port()));
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password() == null ? "" : database.password());
        p.setProperty("database.dbname", database.database());
        p.setProperty("topic.prefix", name + "-outbox");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName());
        p.setProperty("publication.name", slotName());
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("table.include.list", "public.outbox");
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("heartbeat.interval.ms", String.valueOf(settings.heartbeatInterval().toMillis()));
        p.setProperty("max.batch.size", String.valueOf(settings.maxBatchSize()));
        p.setProperty("max.queue.size", String.valueOf(settings.maxBatchSize() * 4));
        p.setProperty("poll.interval.ms", String.valueOf(settings.pollInterval().toMillis()));
        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.route.by.field", "topic");
        p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        p.setProperty("transforms.outbox.table.field.event.id", "id");
        p.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.table.fields.additional.placement",
                "type:header:eventType,schema_version:header:schemaVersion,created_at:header:createdAt");
        p.setProperty("transforms.outbox.table.expand.json.payload", "false");
        p.setProperty("transforms.outbox.route.tombstone.on.empty.payload", "true");
        p.setProperty("extended.headers.enabled", "false");
        return p;
    }
}
