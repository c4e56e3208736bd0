package dev.userdeletion.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running stack per test JVM, shared by the end-to-end test classes and stopped when the JVM exits. Every
 * exchange an {@link ApiClient} makes with it is validated against the service's OpenAPI document
 * ({@link ContractValidation}), and so is every exchange between the admin gateway and the services (what the
 * browser suite's page asks for), through proxies in front of them: their violations are collected for the browser
 * tests to assert, since a proxy cannot fail a test.
 */
public final class RunningStack {

    /**
     * The erasure bound the shared stack runs with (README, "Erasure"): seconds instead of 24 h, so that
     * {@code ErasureEndToEndIT} sees deleted users' old records compacted away.
     */
    public static final Duration ERASURE_BOUND = Duration.ofSeconds(8);

    private static Stack stack;
    private static final ContractValidation CONTRACT = new ContractValidation();
    private static final List<String> GATEWAY_VIOLATIONS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger GATEWAY_EXCHANGES = new AtomicInteger();

    private RunningStack() {
    }

    public static synchronized Stack get() {
        if (stack == null) {
            // every exchange of the end-to-end tests must conform to the called service's published document
            ApiClient.observeExchanges(CONTRACT);
            try {
                Path root = Path.of(System.getProperty("stack.repository-root", "..")).toAbsolutePath().normalize();
                Path dataDir = Files.createTempDirectory("e2e-stack");
                stack = Stack.start(new StackConfig(root, dataDir, false, 0, 0, 0, StackConfig.Ports.ANY_FREE,
                        List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                                "-Dmessaging.erasure.bound=" + ERASURE_BOUND.toSeconds() + "s"))
                        .withGatewayExchanges(RunningStack::checkGatewayExchange));
                Stack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-stack-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    private static void checkGatewayExchange(ApiClient.Exchange exchange) {
        if (!exchange.path().startsWith("/api/")) {
            return;
        }
        GATEWAY_EXCHANGES.incrementAndGet();
        try {
            CONTRACT.accept(exchange);
        } catch (AssertionError violation) {
            GATEWAY_VIOLATIONS.add(violation.getMessage());
        }
    }

    /**
     * Exchanges between the gateway and the services that broke the called service's published document since the
     * last call (each is reported once).
     */
    public static synchronized List<String> takeGatewayContractViolations() {
        List<String> taken = List.copyOf(GATEWAY_VIOLATIONS);
        GATEWAY_VIOLATIONS.removeAll(taken);
        return taken;
    }

    /** How many exchanges between the gateway and the services were checked. */
    public static int gatewayExchangesChecked() {
        return GATEWAY_EXCHANGES.get();
    }

    /** The validation every exchange with the stack goes through. */
    static ContractValidation contract() {
        return CONTRACT;
    }
}
