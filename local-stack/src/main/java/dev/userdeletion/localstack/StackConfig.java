package dev.userdeletion.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where and how the local stack runs.
 *
 * @param repositoryRoot    where the services' jars are built ({@code <module>/target/<module>.jar})
 * @param dataDir           PostgreSQL data, Kafka log and service logs
 * @param keepData          keep data across starts (the local run) or start empty (tests)
 * @param postgresPort      0 picks a free port
 * @param kafkaPort         0 picks a free port
 * @param smtpPort          the mail catcher's SMTP port; 0 picks a free port
 * @param servicePorts      membership, user-query, orchestrator, notification and the admin gateway; 0 picks a free
 *                          port
 * @param jvmOptions        options for every service JVM
 * @param instances         instances of each of the four services (1 or more; the gateway runs once)
 * @param serviceAddresses  one address per service in front of its instances (a round-robin proxy that skips
 *                          instances that are down, as a Kubernetes Service or Docker's DNS): the services, the
 *                          gateway and tests call each other there. Always on with more than one instance; on with
 *                          one instance, a stack can grow later ({@link Stack#scaleTo}). The address takes the
 *                          service's port; instance n then listens on the port + 100 × n
 * @param serviceProperties Spring properties given to every service (e.g. shorter timeouts for fault tests)
 * @param gateway           whether to run the admin gateway
 * @param gatewayExchanges  when set, the gateway reaches each service through a proxy that shows this observer every
 *                          exchange (the browser suite checks them against the services' OpenAPI documents); a
 *                          service that is down still looks down to the gateway (the connection is dropped)
 */
public record StackConfig(Path repositoryRoot, Path dataDir, boolean keepData, int postgresPort, int kafkaPort,
                          int smtpPort, Ports servicePorts, List<String> jvmOptions, int instances,
                          boolean serviceAddresses, Map<String, String> serviceProperties, boolean gateway,
                          Consumer<ApiClient.Exchange> gatewayExchanges) {

    public StackConfig {
        if (instances < 1) {
            throw new IllegalArgumentException("At least one instance of each service");
        }
        jvmOptions = List.copyOf(jvmOptions);
        serviceAddresses |= instances > 1;
        serviceProperties = Map.copyOf(serviceProperties);
    }

    /** One instance of each service and the gateway, the services with their own settings. */
    public StackConfig(Path repositoryRoot, Path dataDir, boolean keepData, int postgresPort, int kafkaPort,
                       int smtpPort, Ports servicePorts, List<String> jvmOptions) {
        this(repositoryRoot, dataDir, keepData, postgresPort, kafkaPort, smtpPort, servicePorts, jvmOptions, 1,
                false, Map.of(), true, null);
    }

    public StackConfig withInstances(int count) {
        return new StackConfig(repositoryRoot, dataDir, keepData, postgresPort, kafkaPort, smtpPort, servicePorts,
                jvmOptions, count, serviceAddresses, serviceProperties, gateway, gatewayExchanges);
    }

    public StackConfig withServiceProperties(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(serviceProperties);
        all.putAll(properties);
        return new StackConfig(repositoryRoot, dataDir, keepData, postgresPort, kafkaPort, smtpPort, servicePorts,
                jvmOptions, instances, serviceAddresses, all, gateway, gatewayExchanges);
    }

    public StackConfig withoutGateway() {
        return new StackConfig(repositoryRoot, dataDir, keepData, postgresPort, kafkaPort, smtpPort, servicePorts,
                jvmOptions, instances, serviceAddresses, serviceProperties, false, gatewayExchanges);
    }

    /** Service addresses in front of the instances even with one instance each, so that the stack can grow. */
    public StackConfig withServiceAddresses() {
        return new StackConfig(repositoryRoot, dataDir, keepData, postgresPort, kafkaPort, smtpPort, servicePorts,
                jvmOptions, instances, true, serviceProperties, gateway, gatewayExchanges);
    }

    /** The gateway calls the services through proxies that show {@code observer} every exchange. */
    public StackConfig withGatewayExchanges(Consumer<ApiClient.Exchange> observer) {
        return new StackConfig(repositoryRoot, dataDir, keepData, postgresPort, kafkaPort, smtpPort, servicePorts,
                jvmOptions, instances, serviceAddresses, serviceProperties, gateway, observer);
    }

    public record Ports(int membership, int userQuery, int orchestrator, int notification, int gateway) {

        public static final Ports DEFAULTS = new Ports(8081, 8082, 8083, 8084, 8080);
        public static final Ports ANY_FREE = new Ports(0, 0, 0, 0, 0);

        public Ports withGateway(int port) {
            return new Ports(membership, userQuery, orchestrator, notification, port);
        }
    }
}
