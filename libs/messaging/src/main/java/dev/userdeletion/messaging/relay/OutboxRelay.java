package dev.userdeletion.messaging.relay;

import dev.userdeletion.messaging.MessagingProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves committed outbox rows to Kafka with an embedded Debezium engine (PostgreSQL connector, {@code pgoutput},
 * Outbox Event Router), and deletes each row once Kafka has acknowledged its event.
 * <ul>
 *   <li>The publication and replication slot are made when the bean is initialised, before any lifecycle starts
 *       (web server, listeners, schedulers), so nothing the service commits can precede the slot.</li>
 *   <li>A slot that is missing although this database had one was lost (a failover to a replica without it, a
 *       manual drop), whether found at start-up or before a restart of the engine: that is logged as an error and counted ({@code outbox.relay.slot.lost}), the slot is
 *       recreated, and every row still in the outbox is published from the table before streaming resumes, so what
 *       was committed meanwhile is not lost (consumers are idempotent; a row may go out twice).</li>
 *   <li>Offsets live in a Kafka topic, named per slot generation: a restarted relay resumes where it stopped, a
 *       recreated slot starts afresh.</li>
 *   <li>If the engine fails (Kafka or PostgreSQL away, or any error), it is restarted with growing pauses. Its
 *       health ({@link #status()}) is DOWN when it has not confirmed a batch or heartbeat for
 *       {@code messaging.relay.unready-after}, when its supervisor has ended (then the service's liveness is
 *       {@code BROKEN} too: only a restart helps), or when the slot holds more WAL than
 *       {@code messaging.relay.max-slot-lag}.</li>
 *   <li>Several instances of a service may run: exactly one relay per database is active, the one holding the
 *       relay's advisory lock ({@link RelayLeadership}); the others are standbys, UP, and try to take over every
 *       {@code messaging.relay.leader-check-interval}. Only the active relay makes or recreates the slot and
 *       publishes a backlog; a relay that loses the lock stops its engine and becomes a standby.</li>
 * </ul>
 */
public class OutboxRelay implements SmartLifecycle, InitializingBean, ApplicationEventPublisherAware {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long stop() waits for the engine, twice (before and after interrupting it): shutdown stays bounded. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What the health indicator shows. {@code role}: {@code active} (this instance relays), {@code standby} (another
     * instance's relay is active: {@code activeRelay} names it) or {@code stopped}.
     */
    public record Status(boolean up, List<String> problems, Instant lastAlive, Long slotLagBytes, String role,
                         String activeRelay) {
    }

    private final RelayDatabase database;
    private final String name;
    private final String bootstrapServers;
    private final MessagingProperties.Relay settings;
    private final Supplier<Producer<String, byte[]>> producers;
    private final MeterRegistry meters;
    private final ReplicationSlot slot;
    private final RelayedRows relayed;
    private final OutboxBacklog backlog;
    private final RelayLeadership leadership;
    private final Object lock = new Object();
    private ApplicationEventPublisher events;

    private volatile boolean running;
    private volatile boolean supervising;
    private volatile DebeziumEngine<?> engine;
    private volatile Instant startedAt;
    private volatile Instant lastAlive;
    private volatile String lastFailure;
    private volatile boolean backlogPending;
    private volatile UUID generation;
    private volatile boolean leader;
    private volatile Instant leaderSince;
    private volatile String activeRelay;
    private volatile Instant contendingFailsSince;
    private volatile Long slotLag;
    private Producer<String, byte[]> producer;
    private Thread supervisor;
    private Thread watchdog;
    private CountDownLatch watchdogStopping;
    private CountDownLatch stopping;

    public OutboxRelay(DataSource dataSource, String jdbcUrl, String user, String password, String name,
                       String bootstrapServers, MessagingProperties.Relay settings,
                       Supplier<Producer<String, byte[]>> producers, MeterRegistry meters) {
        this.database = RelayDatabase.fromJdbcUrl(jdbcUrl, user, password);
        this.name = name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.producers = producers;
        this.meters = meters;
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        this.slot = new ReplicationSlot(jdbc, this.name + "_outbox");
        this.relayed = new RelayedRows(jdbc);
        this.backlog = new OutboxBacklog(jdbc, relayed);
        this.leadership = new RelayLeadership(jdbcUrl, user, password, slot.name(), instanceName(),
                settings.leaderTimeout());
    }

    /** How the lock holder is named in {@code pg_stat_activity}: host and process id. */
    private static String instanceName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher events) {
        this.events = events;
    }

    /**
     * The instance that takes the lock first makes the slot here, before any lifecycle starts. An instance that finds
     * another's relay active starts as a standby; rows it commits are relayed by the active one, through the slot or,
     * if that slot had to be made anew, from the table.
     */
    @Override
    public void afterPropertiesSet() {
        try {
            if (leadership.tryAcquire()) {
                becomeLeader();
            } else {
                activeRelay = describeHolder();
                log.info("Outbox relay {} starts as a standby: the active relay is {}", name, activeRelay);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox relay " + name + " cannot reach its database", e);
        }
        refreshSlotLag();
        // from now on: a lock taken here must not idle away (leader-timeout) while the rest of the service starts
        startWatchdog();
        Gauge.builder("outbox.relay.slot.lag", this, relay -> {
            Long lag = relay.slotLag();
            return lag == null ? Double.NaN : lag;
        }).baseUnit("bytes").description("WAL the relay's replication slot holds back").register(meters);
    }

    /** This relay holds the lock: no other engine may stream from the slot any more, and the slot must exist. */
    private void becomeLeader() throws SQLException {
        int ended = leadership.endOtherStreams();
        if (ended > 0) {
            log.warn("Outbox relay {} ended {} replication connection(s) still streaming from slot {} (a former"
                    + " active relay's)", name, ended, slot.name());
        }
        prepareSlot();
        leaderSince = Instant.now();
        activeRelay = leadership.applicationName();
        leader = true;
    }

    private String describeHolder() {
        try {
            return leadership.holder().map(h -> h.applicationName() + " (backend " + h.pid() + ")").orElse("none");
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** At start-up and before every restart of the engine: a slot lost meanwhile (a failover) is found here. */
    private void prepareSlot() {
        ReplicationSlot.Prepared prepared = slot.prepare();
        generation = prepared.generation();
        backlogPending |= prepared.created();
        if (prepared.lost()) {
            Counter.builder("outbox.relay.slot.lost").description("Replication slots found missing and recreated")
                    .register(meters).increment();
            log.error("Replication slot {} of the outbox relay was MISSING although this database had one: events"
                    + " committed while it was gone were never relayed. It was recreated; every row still in the"
                    + " outbox table is published again before streaming resumes (consumers drop duplicates)",
                    slot.name());
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            supervising = true;
            stopping = new CountDownLatch(1);
            startedAt = Instant.now();
            producer = producers.get();
            supervisor = new Thread(this::superviseEngine, "outbox-relay-" + name);
            supervisor.start();
            startWatchdog();
        }
        log.info("Outbox relay {} started as the {} relay (slot {}, database {})", name, leader ? "active" : "standby",
                slot.name(), database.database());
    }

    @Override
    public void stop() {
        DebeziumEngine<?> current;
        Thread thread;
        synchronized (lock) {
            if (!running) {
                stopWatchdog();
                leader = false;
                leadership.close(); // initialised, never started: the lock taken at initialisation is given up
                return;
            }
            running = false;
            stopping.countDown();
            stopWatchdog();
            current = engine;
            thread = supervisor;
        }
        close(current);
        try {
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                log.warn("Outbox relay {} did not stop within {} s; interrupting it", name, STOP_TIMEOUT.toSeconds());
                thread.interrupt();
                thread.join(STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a standby takes over at its next attempt instead of after the leader timeout
        leader = false;
        leadership.close();
        producer.close(Duration.ofSeconds(2)); // acknowledged events are relayed already; the rest is sent again
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
        return slot.name();
    }

    Thread supervisorThread() {
        synchronized (lock) {
            return supervisor;
        }
    }

    /** Up when running, confirming batches or heartbeats, and not holding too much WAL. */
    /**
     * Up when running and either active (confirming batches or heartbeats, not holding too much WAL) or a standby that
     * can reach its database to take over.
     */
    public Status status() {
        List<String> problems = new ArrayList<>();
        Instant now = Instant.now();
        boolean active = leader;
        if (!running) {
            problems.add("the relay is stopped");
        } else if (!supervising) {
            problems.add("the relay's supervisor has ended: " + lastFailure);
        } else if (!active) {
            Instant failing = contendingFailsSince;
            if (failing != null && failing.plus(settings.unreadyAfter()).isBefore(now)) {
                problems.add("a standby that cannot reach its database to take over for "
                        + Duration.between(failing, now).toSeconds() + " s (last failure: " + lastFailure + ")");
            }
        } else {
            Instant since = lastAlive != null && lastAlive.isAfter(leaderSince) ? lastAlive : leaderSince;
            if (since.isBefore(startedAt)) {
                since = startedAt;
            }
            if (since.plus(settings.unreadyAfter()).isBefore(now)) {
                problems.add("no batch or heartbeat confirmed for " + Duration.between(since, now).toSeconds() + " s"
                        + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")"));
            }
        }
        Long lag = slotLag();
        if (active && running) {
            if (lag == null) {
                problems.add("the slot lag cannot be read");
            } else if (lag > settings.maxSlotLag().toBytes()) {
                problems.add("the replication slot holds " + lag + " bytes of WAL, more than " + settings.maxSlotLag());
            }
        }
        String role = !running ? "stopped" : active ? "active" : "standby";
        return new Status(problems.isEmpty(), problems, lastAlive, lag, role, activeRelay);
    }

    /** The last slot lag read; {@link #status()} never waits for the database (it may be the one that is gone). */
    private Long slotLag() {
        return slotLag;
    }

    /** Read with every lock check; null when the slot is missing or the database does not answer. */
    private void refreshSlotLag() {
        try {
            slotLag = slot.lagBytes();
        } catch (RuntimeException e) {
            slotLag = null;
        }
    }

    private void superviseEngine() {
        Duration backoff = Duration.ofSeconds(1);
        try {
            while (running) {
                if (!holdLeadership()) {
                    if (stopping.await(settings.leaderCheckInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    continue;
                }
                long started = System.nanoTime();
                runOnce();
                if (!running) {
                    return;
                }
                if (!leader) {
                    log.warn("Outbox relay {} lost its lock and is a standby now", name);
                    backoff = Duration.ofSeconds(1);
                    continue;
                }
                if (System.nanoTime() - started > MAX_BACKOFF.toNanos()) {
                    backoff = Duration.ofSeconds(1);
                }
                log.warn("Restarting outbox relay {} in {} s", name, backoff.toSeconds());
                if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            supervising = false;
            if (running) {
                log.error("Outbox relay {} supervisor ended while the relay should run; no event is relayed until the"
                        + " service restarts: liveness BROKEN", name);
                if (events != null) {
                    AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
                }
            }
        }
    }

    /**
     * True if this relay holds the lock: checked again if it held it, taken if it is free. A relay that takes it
     * becomes the active one (see {@link #becomeLeader()}).
     */
    private boolean holdLeadership() {
        try {
            if (leader) {
                if (leadership.stillHeld()) {
                    return true;
                }
                leader = false;
                log.warn("Outbox relay {} lost its lock", name);
            }
            if (leadership.tryAcquire()) {
                becomeLeader();
                contendingFailsSince = null;
                log.info("Outbox relay {} is the active relay now", name);
                return true;
            }
            activeRelay = describeHolder();
            contendingFailsSince = null;
            return false;
        } catch (SQLException | RuntimeException e) {
            leader = false;
            if (contendingFailsSince == null) {
                contendingFailsSince = Instant.now();
                log.warn("Outbox relay {} cannot reach its database to hold or take its lock: {}", name, e.toString());
            }
            lastFailure = e.toString();
            return false;
        }
    }

    private void startWatchdog() {
        synchronized (lock) {
            if (watchdog != null && watchdog.isAlive()) {
                return;
            }
            CountDownLatch until = new CountDownLatch(1);
            watchdogStopping = until;
            watchdog = new Thread(() -> watchLeadership(until), "outbox-relay-lock-" + name);
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private void stopWatchdog() {
        if (watchdogStopping != null) {
            watchdogStopping.countDown();
        }
    }

    /**
     * Every {@code leader-check-interval}: checks the lock of an active relay (which also keeps its session from
     * idling into the leader timeout) and reads the slot lag that {@link #status()} shows.
     */
    private void watchLeadership(CountDownLatch until) {
        try {
            while (!until.await(settings.leaderCheckInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                checkLock();
                refreshSlotLag();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An active relay's lock lost (session ended, server restarted): its engine stops at once. */
    private void checkLock() {
        if (!leader) {
            return;
        }
        DebeziumEngine<?> current = engine;
        if (!leadership.stillHeld()) {
            synchronized (lock) {
                // unless the supervisor has taken the lock again meanwhile and started another engine
                if (engine == current) {
                    leader = false;
                }
            }
            if (current != null) {
                log.warn("Outbox relay {} lost its lock; stopping its engine", name);
                close(current);
            }
        }
    }

    /** One life of the engine: the backlog first if the slot was just made, then streaming until it stops. */
    private void runOnce() {
        try {
            prepareSlot();
            if (backlogPending) {
                int published = backlog.publish(producer);
                backlogPending = false;
                log.info("Outbox relay {} published {} rows from the outbox table before streaming", name, published);
            }
            DebeziumEngine<?> created = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineProperties())
                    .notifying(new KafkaPublisher(producer, relayed, () -> lastAlive = Instant.now(), meters))
                    .using((success, message, error) -> {
                        if (!success && running) {
                            lastFailure = message;
                            log.error("Outbox relay {} engine stopped: {}", name, message, error);
                        }
                    })
                    .build();
            synchronized (lock) {
                if (!running) {
                    close(created);
                    return;
                }
                engine = created;
            }
            try {
                created.run();
            } finally {
                close(created);
            }
        } catch (Throwable e) { // an Error must not end the supervisor silently: it restarts the engine
            if (running) {
                lastFailure = e.toString();
                log.error("Outbox relay {} failed", name, e);
                if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                    throw fatal;
                }
            } else {
                // stop() closed the engine already; closing it again on the way out says so
                log.debug("Outbox relay {} ended while stopping: {}", name, e.toString());
            }
        } finally {
            engine = null;
        }
    }

    private void close(DebeziumEngine<?> current) {
        if (current != null) {
            try {
                current.close();
            } catch (IllegalStateException alreadyShutDown) {
                log.debug("Outbox relay {} engine was shut down already", name);
            } catch (Exception e) {
                log.warn("Outbox relay {} did not close cleanly: {}", name, e.toString());
            }
        }
    }

    Properties engineProperties() {
        Properties p = new Properties();
        p.setProperty("name", name + "-outbox-relay-" + generation);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", name + ".outbox-relay-offsets");
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", String.valueOf(settings.offsetsReplicationFactor()));
        p.setProperty("offset.flush.interval.ms", "1000");
        // a flush that Kafka does not answer gives up (the batch is relayed again), so stopping never waits long
        p.setProperty("offset.flush.timeout.ms", "5000");
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("database.hostname", database.host());
        p.setProperty("database.port", String.valueOf(database.port()));
        p.setProperty("database.user", database.user());
        p.setProperty("database.password", database.password() == null ? "" : database.password());
        p.setProperty("database.dbname", database.database());
        p.setProperty("topic.prefix", name + "-outbox");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot.name());
        p.setProperty("publication.name", slot.name());
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
                "type:header:eventType,schema_version:header:schemaVersion,created_at:header:createdAt,"
                        + "traceparent:header:traceparent");
        p.setProperty("transforms.outbox.table.expand.json.payload", "false");
        p.setProperty("transforms.outbox.route.tombstone.on.empty.payload", "true");
        p.setProperty("extended.headers.enabled", "false");
        return p;
    }
}
