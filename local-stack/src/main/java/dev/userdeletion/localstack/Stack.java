package dev.userdeletion.localstack;

import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.infra.LocalTokenEndpoint;
import dev.userdeletion.infra.LocalTokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

    private Stack(LocalInfrastructure infrastructure, LocalCallers callers, LocalTokenEndpoint tokenEndpoint,
                  MailCatcher mail, Map<String, ServiceProcess> services) {
        this.infrastructure = infrastructure;
        this.callers = callers;
        this.tokenEndpoint = tokenEndpoint;
        this.mail = mail;
        this.services = services;
    }

    public static Stack start(StackConfig config) {
        LocalInfrastructure infra = LocalInfrastructure.start(config.dataDir().resolve("infra"), config.postgresPort(),
                config.kafkaPort(), config.keepData(), List.of("membership", "user_query", "orchestrator", "notification"));
        // the stand-in authorisation server: its key survives restarts with the data, so do printed tokens
        LocalCallers callers = new LocalCallers(LocalTokenIssuer.inDirectory(config.dataDir().resolve("jwt")));
        Map<String, String> trustTokens = callers.issuer().springProperties();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        MailCatcher mail = null;
        LocalTokenEndpoint tokenEndpoint = null;
        try {
            // its token endpoint: short-lived tokens by client credentials for the services' background calls
            String notificationSecret = LocalTokenEndpoint.randomSecret();
            tokenEndpoint = LocalTokenEndpoint.start(callers.issuer(), 0, LocalTokenEndpoint.DEFAULT_LIFETIME,
                    LocalAuthServer.clients(notificationSecret));
            mail = MailCatcher.start(config.smtpPort());
            StackConfig.Ports ports = config.servicePorts();
            int membershipPort = port(ports.membership());
            int userQueryPort = port(ports.userQuery());
            int orchestratorPort = port(ports.orchestrator());
            int notificationPort = port(ports.notification());
            int gatewayPort = port(ports.gateway());

            start(services, config, infra, MEMBERSHIP, membershipPort, "membership", trustTokens);
            start(services, config, infra, USER_QUERY, userQueryPort, "user_query", trustTokens);
            start(services, config, infra, ORCHESTRATOR, orchestratorPort, "orchestrator", with(trustTokens,
                    Map.of("orchestrator.user-query.base-url", "http://localhost:" + userQueryPort)));
            start(services, config, infra, NOTIFICATION, notificationPort, "notification", with(trustTokens, Map.of(
                    "spring.mail.host", "localhost",
                    "spring.mail.port", String.valueOf(mail.port()),
                    "notification.membership.base-url", "http://localhost:" + membershipPort,
                    // its own SERVICE identity for reading platform contacts from membership-service
                    "notification.membership.token-uri", tokenEndpoint.tokenUri(),
                    "notification.membership.client-id", LocalAuthServer.NOTIFICATION_CLIENT,
                    "notification.membership.client-secret", notificationSecret)));
            Map<String, String> gateway = new LinkedHashMap<>();
            gateway.put("spring.profiles.active", "local");
            gateway.put("gateway.services.membership", "http://localhost:" + membershipPort);
            gateway.put("gateway.services.user-query", "http://localhost:" + userQueryPort);
            gateway.put("gateway.services.orchestrator", "http://localhost:" + orchestratorPort);
            gateway.put("gateway.services.notification", "http://localhost:" + notificationPort);
            // signs people in with tokens of the local run's key, the one the services trust
            gateway.put("gateway.local-sign-in.key-dir", config.dataDir().resolve("jwt").toAbsolutePath().toString());
            gateway.put("gateway.local-sign-in.platforms",
                    String.join(",", DemoData.PLATFORMS.stream().map(DemoData.Platform::id).toList()));
            ServiceProcess gatewayProcess = ServiceProcess.start(GATEWAY,
                    config.repositoryRoot().resolve(GATEWAY).resolve("target").resolve(GATEWAY + ".jar"), gatewayPort,
                    config.jvmOptions(), gateway, config.dataDir().resolve("logs"));
            services.put(GATEWAY, gatewayProcess);
            log.info("Started {} (pid {}) on port {}", GATEWAY, gatewayProcess.pid(), gatewayPort);

            List<CompletableFuture<Void>> health = new ArrayList<>();
            for (ServiceProcess service : services.values()) {
                health.add(CompletableFuture.runAsync(() -> service.awaitHealthy(Duration.ofMinutes(6))));
            }
            CompletableFuture.allOf(health.toArray(CompletableFuture[]::new)).join();
            return new Stack(infra, callers, tokenEndpoint, mail, services);
        } catch (RuntimeException e) {
            services.values().forEach(ServiceProcess::close);
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

    private static void start(Map<String, ServiceProcess> services, StackConfig config, LocalInfrastructure infra,
                              String name, int port, String database, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(infra.springProperties(database));
        properties.putAll(extra);
        ServiceProcess process = ServiceProcess.start(name,
                config.repositoryRoot().resolve(name).resolve("target").resolve(name + ".jar"), port,
                config.jvmOptions(), properties, config.dataDir().resolve("logs"));
        services.put(name, process);
        log.info("Started {} (pid {}) on port {}", name, process.pid(), port);
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

    public String baseUrl(String service) {
        return services.get(service).baseUrl();
    }

    public long pid(String service) {
        return services.get(service).pid();
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

    public java.nio.file.Path log(String service) {
        return services.get(service).log();
    }

    /**
     * Stops one process, runs {@code check} while it is down, then starts it again as before and waits until it is
     * healthy: for tests of what people see when a service is unreachable, on the stack other tests share.
     */
    public void whileDown(String service, Runnable check) {
        ServiceProcess running = services.get(service);
        running.close();
        try {
            check.run();
        } finally {
            ServiceProcess again = running.restart();
            services.put(service, again);
            again.awaitHealthy(Duration.ofMinutes(3));
        }
    }

    /** Stops services in reverse order of start, then Kafka and PostgreSQL. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::close);
        tokenEndpoint.close();
        mail.close();
        infrastructure.close();
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
