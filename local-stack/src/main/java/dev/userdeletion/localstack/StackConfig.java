package dev.userdeletion.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * Where and how the local stack runs.
 *
 * @param repositoryRoot where the services' jars are built ({@code <module>/target/<module>.jar})
 * @param dataDir        PostgreSQL data, Kafka log and service logs
 * @param keepData       keep data across starts (the local run) or start empty (tests)
 * @param postgresPort   0 picks a free port
 * @param kafkaPort      0 picks a free port
 * @param smtpPort       the mail catcher's SMTP port; 0 picks a free port
 * @param servicePorts   membership, user-query, orchestrator, notification and the admin gateway; 0 picks a free port
 * @param jvmOptions     options for every service JVM
 */
public record StackConfig(Path repositoryRoot, Path dataDir, boolean keepData, int postgresPort, int kafkaPort,
                          int smtpPort, Ports servicePorts, List<String> jvmOptions) {

    public record Ports(int membership, int userQuery, int orchestrator, int notification, int gateway) {

        public static final Ports DEFAULTS = new Ports(8081, 8082, 8083, 8084, 8080);
        public static final Ports ANY_FREE = new Ports(0, 0, 0, 0, 0);

        public Ports withGateway(int port) {
            return new Ports(membership, userQuery, orchestrator, notification, port);
        }
    }
}
