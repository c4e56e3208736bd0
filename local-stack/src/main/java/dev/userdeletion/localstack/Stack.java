package dev.userdeletion.localstack;

import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.infra.LocalTokenEndpoint;
import dev.userdeletion.infra.LocalTokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: PostgreSQL and Kafka in this JVM, each service as its own process
 * (its own JVM, database and consumer groups), exactly as they would run in production, and the admin gateway in
 * front of them (local profile: its sign-in page offers the demo admins and the CSM).
 */
public final class Stack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Stack.class);

    public static final String MEMBERSHIP = "membership-service";
    public static final String USER_QUERY = "user-query-service";
    public static final String ORCHESTRATOR = "deletion-orchestrator";
    public static final String NOTIFICATION = "notification-service";
    /** The people's door: the admin page and the CSM dashboard, signing in locally, routing /api to the services. */
    public static final String GATEWAY = "admin-gateway";

    private final LocalInfrastructure infrastructure;
    private final LocalCallers callers;
    private final LocalTokenEndpoint tokenEndpoint;
    private final MailCatcher mail;
    private final Map<String, ServiceProcess> services;
    /** One address per service in front of its instances, when the stack has them (see StackConfig). */
    private final Map<String, ServiceAddress> addresses;
    /** Proxies between the gateway and the services that show their exchanges to an observer (see StackConfig). */
    private final List<ServiceAddress> gatewayProxies;
    /** Instances killed on purpose and not restarted yet: not expected to be healthy. */
    private final java.util.Set<String> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Stack(LocalInfrastructure infrastructure, LocalCallers callers, LocalTokenEndpoint tokenEndpoint,
                  MailCatcher mail, Map<String, ServiceProcess> services, Map<String, ServiceAddress> addresses,
                  List<ServiceAddress> gatewayProxies) {
        this.addresses = addresses;
        this.gatewayProxies = gatewayProxies;
        this.infrastructure = infrastructure;
        this.callers = callers;
        this.tokenEndpoint = tokenEndpoint;
        this.mail = mail;
        this.services = services;
    }

    public static Stack start(StackConfig config) {
        // user-query-service's read model in a server of its own, as deployed (README, Deployment): the relays'
        // walsenders read every database's WAL of their server, and the read model's is most of the ingest's
        LocalInfrastructure infra = LocalInfrastructure.start(config.dataDir().resolve("infra"), config.postgresPort(),
                config.kafkaPort(), config.keepData(), List.of("membership", "orchestrator", "notification"),
                List.of("user_query"));
        // the stand-in authorisation server: its key survives restarts with the data, so do printed tokens
        LocalCallers callers = new LocalCallers(LocalTokenIssuer.inDirectory(config.dataDir().resolve("jwt")));
        Map<String, String> trustTokens = with(callers.issuer().springProperties(), config.serviceProperties());
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        Map<String, ServiceAddress> addresses = new LinkedHashMap<>();
        List<ServiceAddress> gatewayProxies = new ArrayList<>();
        MailCatcher mail = null;
        LocalTokenEndpoint tokenEndpoint = null;
        try {
            // its token endpoint: short-lived tokens by client credentials for the services' background calls
            String notificationSecret = LocalTokenEndpoint.randomSecret();
            tokenEndpoint = LocalTokenEndpoint.start(callers.issuer(), 0, LocalTokenEndpoint.DEFAULT_LIFETIME,
                    LocalAuthServer.clients(notificationSecret));
            mail = MailCatcher.start(config.smtpPort());
            StackConfig.Ports ports = config.servicePorts();
            Map<String, Integer> configured = Map.of(MEMBERSHIP, ports.membership(), USER_QUERY, ports.userQuery(),
                    ORCHESTRATOR, ports.orchestrator(), NOTIFICATION, ports.notification());
            // where each service is called: its address in front of the instances, or its one instance
            Map<String, String> urls = new LinkedHashMap<>();
            Map<String, Integer> firstPorts = new LinkedHashMap<>();
            for (String service : List.of(MEMBERSHIP, USER_QUERY, ORCHESTRATOR, NOTIFICATION)) {
                if (config.serviceAddresses()) {
                    ServiceAddress address = ServiceAddress.start(service, port(configured.get(service)));
                    addresses.put(service, address);
                    urls.put(service, address.url());
                } else {
                    int port = port(configured.get(service));
                    firstPorts.put(service, port);
                    urls.put(service, "http://localhost:" + port);
                }
            }

            for (int n = 1; n <= config.instances(); n++) {
                start(services, addresses, config, infra, MEMBERSHIP, n, instancePort(configured, firstPorts,
                        MEMBERSHIP, n), "membership", trustTokens);
                start(services, addresses, config, infra, USER_QUERY, n, instancePort(configured, firstPorts,
                        USER_QUERY, n), "user_query", trustTokens);
                start(services, addresses, config, infra, ORCHESTRATOR, n, instancePort(configured, firstPorts,
                        ORCHESTRATOR, n), "orchestrator", with(trustTokens,
                                Map.of("orchestrator.user-query.base-url", urls.get(USER_QUERY))));
                start(services, addresses, config, infra, NOTIFICATION, n, instancePort(configured, firstPorts,
                        NOTIFICATION, n), "notification", with(trustTokens, Map.of(
                        "spring.mail.host", "localhost",
                        "spring.mail.port", String.valueOf(mail.port()),
                        "notification.membership.base-url", urls.get(MEMBERSHIP),
                        // its own SERVICE identity for reading platform contacts from membership-service
                        "notification.membership.token-uri", tokenEndpoint.tokenUri(),
                        "notification.membership.client-id", LocalAuthServer.NOTIFICATION_CLIENT,
                        "notification.membership.client-secret", notificationSecret)));
            }
            if (config.gateway()) {
                int gatewayPort = port(ports.gateway());
                Map<String, String> gateway = new LinkedHashMap<>();
                Map<String, String> upstream = new LinkedHashMap<>(urls);
                if (config.gatewayExchanges() != null) {
                    for (String service : List.of(MEMBERSHIP, USER_QUERY, ORCHESTRATOR, NOTIFICATION)) {
                        ServiceAddress proxy = ServiceAddress.observing(service, config.gatewayExchanges());
                        proxy.addInstance(URI.create(urls.get(service)).getPort());
                        gatewayProxies.add(proxy);
                        upstream.put(service, proxy.url());
                    }
                }
                gateway.put("spring.profiles.active", "local");
                gateway.put("gateway.services.membership", upstream.get(MEMBERSHIP));
                gateway.put("gateway.services.user-query", upstream.get(USER_QUERY));
                gateway.put("gateway.services.orchestrator", upstream.get(ORCHESTRATOR));
                gateway.put("gateway.services.notification", upstream.get(NOTIFICATION));
                // signs people in with tokens of the local run's key, the one the services trust
                gateway.put("gateway.local-sign-in.key-dir", config.dataDir().resolve("jwt").toAbsolutePath().toString());
                gateway.put("gateway.local-sign-in.platforms",
                        String.join(",", DemoData.PLATFORMS.stream().map(DemoData.Platform::id).toList()));
                ServiceProcess gatewayProcess = ServiceProcess.start(GATEWAY,
                        config.repositoryRoot().resolve(GATEWAY).resolve("target").resolve(GATEWAY + ".jar"),
                        gatewayPort, config.jvmOptions(), gateway, config.dataDir().resolve("logs"));
                services.put(GATEWAY, gatewayProcess);
                log.info("Started {} (pid {}) on port {}", GATEWAY, gatewayProcess.pid(), gatewayPort);
            }

            List<CompletableFuture<Void>> health = new ArrayList<>();
            for (ServiceProcess service : services.values()) {
                health.add(CompletableFuture.runAsync(() -> service.awaitHealthy(Duration.ofMinutes(6))));
            }
            CompletableFuture.allOf(health.toArray(CompletableFuture[]::new)).join();
            log.info("Every service is healthy");
            return new Stack(infra, callers, tokenEndpoint, mail, services, addresses, gatewayProxies);
        } catch (RuntimeException e) {
            services.values().forEach(ServiceProcess::close);
            addresses.values().forEach(ServiceAddress::close);
            gatewayProxies.forEach(ServiceAddress::close);
            if (mail != null) {
                mail.close();
            }
            if (tokenEndpoint != null) {
                tokenEndpoint.close();
            }
            infra.close();
            throw e;
        }
    }

    private static void start(Map<String, ServiceProcess> services, Map<String, ServiceAddress> addresses,
                              StackConfig config, LocalInfrastructure infra, String service, int instance, int port,
                              String database, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(infra.springProperties(database));
        properties.putAll(extra);
        String name = instanceName(service, instance);
        ServiceProcess process = ServiceProcess.start(name,
                config.repositoryRoot().resolve(service).resolve("target").resolve(service + ".jar"), port,
                config.jvmOptions(), properties, config.dataDir().resolve("logs"));
        services.put(name, process);
        if (addresses.containsKey(service)) {
            addresses.get(service).addInstance(port);
        }
        log.info("Started {} (pid {}) on port {}", name, process.pid(), port);
    }

    /** Instance 1 of a service is named after it, the others {@code <service>-<n>}. */
    public static String instanceName(String service, int instance) {
        return instance == 1 ? service : service + "-" + instance;
    }

    private static Map<String, String> with(Map<String, String> first, Map<String, String> second) {
        Map<String, String> both = new LinkedHashMap<>(first);
        both.putAll(second);
        return both;
    }

    /** Tokens the services accept, for every kind of caller. */
    public LocalCallers callers() {
        return callers;
    }

    /** Where a service is called: its address in front of its instances, or its one instance. */
    public String serviceUrl(String service) {
        ServiceAddress address = addresses.get(service);
        return address != null ? address.url() : baseUrl(service);
    }

    /** The base URL of a service's first instance, or of the instance named (see {@link #instanceName}). */
    public String baseUrl(String instance) {
        return process(instance).baseUrl();
    }

    public long pid(String instance) {
        return process(instance).pid();
    }

    /** The instances of {@code service}, first to last. */
    public List<String> instances(String service) {
        return services.keySet().stream().filter(n -> n.equals(service) || n.startsWith(service + "-")
                && n.substring(service.length() + 1).chars().allMatch(Character::isDigit)).toList();
    }

    /** The stand-in authorisation server's token endpoint (client credentials). */
    public String tokenUri() {
        return tokenEndpoint.tokenUri();
    }

    /** The SMTP server every notification mail goes to. */
    public MailCatcher mail() {
        return mail;
    }

    public LocalInfrastructure infrastructure() {
        return infrastructure;
    }

    public java.nio.file.Path log(String instance) {
        return process(instance).log();
    }

    /**
     * Stops one process, runs {@code check} while it is down, then starts it again as before and waits until it is
     * healthy: for tests of what people see when a service is unreachable, on the stack other tests share.
     */
    public void whileDown(String service, Runnable check) {
        ServiceProcess running = process(service);
        running.close();
        try {
            check.run();
        } finally {
            ServiceProcess again = running.restart();
            services.put(service, again);
            again.awaitHealthy(Duration.ofMinutes(3));
        }
    }

    /** {@code kill -9} of one instance; {@link #restart} brings it back. */
    public void kill(String instance) {
        process(instance).kill();
        killed.add(instance);
        log.info("Killed {} (kill -9)", instance);
    }

    /** Starts a stopped or killed instance again, on its port with its settings, and waits until it is healthy. */
    public void restart(String instance) {
        ServiceProcess old = process(instance);
        if (old.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        ServiceProcess again = old.restart();
        services.put(instance, again);
        killed.remove(instance);
        log.info("Restarted {} (pid {})", instance, again.pid());
        again.awaitHealthy(Duration.ofMinutes(3));
    }

    /**
     * Starts more instances of each of the four services, like their first ones (same settings, any free port), until
     * there are {@code instances} of each, and waits until they are healthy: they join the same consumer groups, and
     * their relays are standbys.
     */
    public void scaleTo(int instances) {
        if (addresses.isEmpty()) {
            throw new IllegalStateException("A stack grows only with service addresses (StackConfig.withServiceAddresses)");
        }
        List<ServiceProcess> started = new ArrayList<>();
        for (String service : List.of(MEMBERSHIP, USER_QUERY, ORCHESTRATOR, NOTIFICATION)) {
            for (int n = instances(service).size() + 1; n <= instances; n++) {
                String name = instanceName(service, n);
                ServiceProcess process = process(service).another(name, port(0));
                services.put(name, process);
                addresses.get(service).addInstance(process.port());
                started.add(process);
                log.info("Started {} (pid {}) on port {}", name, process.pid(), process.port());
            }
        }
        CompletableFuture.allOf(started.stream().map(p -> CompletableFuture.runAsync(
                () -> p.awaitHealthy(Duration.ofMinutes(6)))).toArray(CompletableFuture[]::new)).join();
    }

    /** {@code SIGSTOP}: the process is frozen, its connections stay open. */
    public void pause(String instance) {
        process(instance).signal("STOP");
        log.info("Paused {} (SIGSTOP)", instance);
    }

    /** {@code SIGCONT} after {@link #pause}. */
    public void resume(String instance) {
        process(instance).signal("CONT");
        log.info("Resumed {} (SIGCONT)", instance);
    }

    /** SIGTERM; how long the instance took to exit, or null if it still runs after {@code limit}. */
    public Duration terminate(String instance, Duration limit) {
        return process(instance).terminate(limit);
    }

    /** Every instance of the four services that is running (not killed on purpose). */
    public List<String> runningInstances() {
        return services.keySet().stream().filter(n -> !n.equals(GATEWAY) && !killed.contains(n)).toList();
    }

    public boolean isAlive(String instance) {
        return process(instance).isAlive();
    }

    /** The HTTP status of the instance's {@code /actuator/health/readiness}: 200, 503, or -1 if it does not answer in 10 s. */
    public int readiness(String instance) {
        return process(instance).readiness();
    }

    /** Waits until every instance but those killed on purpose answers {@code /actuator/health} UP. */
    public void awaitHealthy(Duration timeout) {
        List<CompletableFuture<Void>> health = new ArrayList<>();
        for (var e : services.entrySet()) {
            if (!killed.contains(e.getKey())) {
                ServiceProcess service = e.getValue();
                health.add(CompletableFuture.runAsync(() -> service.awaitHealthy(timeout)));
            }
        }
        CompletableFuture.allOf(health.toArray(CompletableFuture[]::new)).join();
    }

    private ServiceProcess process(String instance) {
        ServiceProcess process = services.get(instance);
        if (process == null) {
            throw new IllegalArgumentException("No instance named " + instance + " in this stack: " + services.keySet());
        }
        return process;
    }

    /** Stops services in reverse order of start, then Kafka and PostgreSQL. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::close);
        addresses.values().forEach(ServiceAddress::close);
        gatewayProxies.forEach(ServiceAddress::close);
        tokenEndpoint.close();
        mail.close();
        infrastructure.close();
    }

    /**
     * The port of instance n: with service addresses, the service's port + 100 × n (the address has the service's
     * port) or any free port; without, the one instance's port.
     */
    private static int instancePort(Map<String, Integer> configured, Map<String, Integer> firstPorts, String service,
                                    int instance) {
        if (firstPorts.containsKey(service)) {
            return firstPorts.get(service);
        }
        int base = configured.get(service);
        return base == 0 ? port(0) : base + 100 * instance;
    }

    private static int port(int configured) {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
