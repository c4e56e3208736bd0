package dev.userdeletion.localstack;

import dev.userdeletion.infra.LocalTokenEndpoint;
import dev.userdeletion.infra.LocalTokenIssuer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The stand-in authorisation server's token endpoint (client credentials) and the clients registered with it:
 * the services that call another service in the background. The local run starts it in-process; in
 * docker-compose it runs alone as the {@code auth} container:
 * {@code java -cp local-stack.jar -Dloader.main=dev.userdeletion.localstack.LocalAuthServer
 * org.springframework.boot.loader.launch.PropertiesLauncher --port=9000 --key-dir=/keys}, with each client's
 * secret from the environment ({@code NOTIFICATION_CLIENT_SECRET}; {@code PROMETHEUS_CLIENT_SECRET} registers
 * Prometheus, which scrapes the services' metrics).
 */
public final class LocalAuthServer {

    /** notification-service reads platform contacts from membership-service: SERVICE, for membership-service only. */
    public static final String NOTIFICATION_CLIENT = "notification-service";

    /** Prometheus scrapes every service's /actuator/prometheus: SERVICE, for the four services (docker-compose). */
    public static final String PROMETHEUS_CLIENT = "prometheus";

    private LocalAuthServer() {
    }

    /** The registered clients, each with its fixed roles and audience. */
    public static List<LocalTokenEndpoint.Client> clients(String notificationSecret) {
        return List.of(new LocalTokenEndpoint.Client(NOTIFICATION_CLIENT, notificationSecret,
                List.of(LocalTokenIssuer.SERVICE), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE)));
    }

    /** {@link #clients} and, when {@code prometheusSecret} is set, Prometheus. */
    static List<LocalTokenEndpoint.Client> clients(String notificationSecret, String prometheusSecret) {
        List<LocalTokenEndpoint.Client> clients = new java.util.ArrayList<>(clients(notificationSecret));
        if (prometheusSecret != null && !prometheusSecret.isBlank()) {
            clients.add(new LocalTokenEndpoint.Client(PROMETHEUS_CLIENT, prometheusSecret,
                    List.of(LocalTokenIssuer.SERVICE), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE,
                    LocalTokenIssuer.USER_QUERY_SERVICE, LocalTokenIssuer.DELETION_ORCHESTRATOR,
                    LocalTokenIssuer.NOTIFICATION_SERVICE)));
        }
        return List.copyOf(clients);
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(option(args, "port", "9000"));
        Path keyDir = Path.of(option(args, "key-dir", ".local-data/jwt"));
        String secret = System.getenv("NOTIFICATION_CLIENT_SECRET");
        if (!Files.isDirectory(keyDir) || secret == null || secret.isBlank()) {
            System.err.println("Needs the signing key in --key-dir (" + keyDir + ") and NOTIFICATION_CLIENT_SECRET");
            System.exit(2);
        }
        LocalTokenEndpoint endpoint = LocalTokenEndpoint.start(LocalTokenIssuer.inDirectory(keyDir),
                new InetSocketAddress(port), LocalTokenEndpoint.DEFAULT_LIFETIME,
                clients(secret, System.getenv("PROMETHEUS_CLIENT_SECRET")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            endpoint.close();
            stopped.countDown();
        }, "auth-shutdown"));
        System.out.println("Token endpoint on port " + endpoint.port() + LocalTokenEndpoint.PATH + " (client credentials)");
        stopped.await();
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
