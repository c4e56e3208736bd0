package dev.userdeletion.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** A single-node Kafka broker in KRaft mode (broker and controller in one process). */
final class KraftBroker implements AutoCloseable {

    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KraftBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static KraftBroker start(Path logDir, int clientPort, int controllerPort, boolean keepData) {
        return start(logDir, clientPort, controllerPort, keepData, Map.of());
    }

    /** {@code overrides} replace or add broker properties (a test's broker with other rules). */
    static KraftBroker start(Path logDir, int clientPort, int controllerPort, boolean keepData,
                             Map<String, String> overrides) {
        try {
            if (!keepData) {
                deleteRecursively(logDir);
            }
            Files.createDirectories(logDir);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", String.valueOf(NODE_ID));
            props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
            props.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("num.partitions", "3");
            props.put("auto.create.topics.enable", "true");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
            // the cleaner and the retention check look every second (defaults 15 s and 5 min), so a test with an
            // erasure bound of seconds sees compaction and retention happen; on a small local broker it costs nothing
            props.put("log.cleaner.backoff.ms", "1000");
            props.put("log.retention.check.interval.ms", "1000");
            props.put("log.segment.delete.delay.ms", "1000");
            props.putAll(overrides);
            KafkaConfig config = new KafkaConfig(props, false);

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(NODE_ID)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(Set.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new KraftBroker(server, "localhost:" + clientPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not start in " + logDir, e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
