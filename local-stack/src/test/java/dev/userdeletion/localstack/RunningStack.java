package dev.userdeletion.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One running stack per test JVM, shared by the end-to-end test classes and stopped when the JVM exits. */
public final class RunningStack {

    /**
     * The erasure bound the shared stack runs with (README, "Erasure"): seconds instead of 24 h, so that
     * {@code ErasureEndToEndIT} sees deleted users' old records compacted away.
     */
    public static final Duration ERASURE_BOUND = Duration.ofSeconds(8);

    private static Stack stack;

    private RunningStack() {
    }

    public static synchronized Stack get() {
        if (stack == null) {
            try {
                Path root = Path.of(System.getProperty("stack.repository-root", "..")).toAbsolutePath().normalize();
                Path dataDir = Files.createTempDirectory("e2e-stack");
                stack = Stack.start(new StackConfig(root, dataDir, false, 0, 0, 0, StackConfig.Ports.ANY_FREE,
                        List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                                "-Dmessaging.erasure.bound=" + ERASURE_BOUND.toSeconds() + "s")));
                Stack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-stack-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }
}
