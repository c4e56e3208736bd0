package dev.userdeletion.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A second, short-lived KRaft broker with broker properties of a test's choosing (e.g. an
 * {@code alter.config.policy.class.name} that refuses, as a shared broker without the ACL does); for tests that
 * need a broker behaving otherwise than the shared one. Its data lives in a temporary directory.
 */
public final class StandaloneKafka implements AutoCloseable {

    private final KraftBroker broker;

    private StandaloneKafka(KraftBroker broker) {
        this.broker = broker;
    }

    public static StandaloneKafka start(Map<String, String> brokerProperties) {
        try {
            int[] ports = LocalInfrastructure.freePorts(2);
            return new StandaloneKafka(KraftBroker.start(Files.createTempDirectory("standalone-kafka"), ports[0],
                    ports[1], false, brokerProperties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
    }
}
