package dev.userdeletion.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service instance running from its executable jar as a child process, its output in a log file. Being a real
 * process, it can be killed ({@code kill -9}), paused ({@code SIGSTOP}) and resumed ({@code SIGCONT}) as in production.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;

    private ServiceProcess(String name, int port, Process process, Path log, Path jar, List<String> jvmOptions,
                           Map<String, String> properties) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.properties = properties;
    }

    static ServiceProcess start(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> properties,
                                Path logDir) {
        return start(name, jar, port, jvmOptions, properties, logDir, false);
    }

    /** Another instance of the same service, with the same settings, under another name and port. */
    ServiceProcess another(String instanceName, int instancePort) {
        return start(instanceName, jar, instancePort, jvmOptions, properties, log.getParent(), false);
    }

    /** The same service started again on the same port, its output appended to the same log. */
    ServiceProcess restart() {
        return start(name, jar, port, jvmOptions, properties, log.getParent(), true);
    }

    private static ServiceProcess start(String name, Path jar, int port, List<String> jvmOptions,
                                        Map<String, String> properties, Path logDir, boolean appendLog) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Kafka's client still uses sun.misc.Unsafe
        }
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command);
            // in the environment rather than on the command line, where any user's `ps` would show the tokens
            builder.environment().put("SPRING_APPLICATION_JSON", JsonMapper.builder().build().writeValueAsString(properties));
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new ServiceProcess(name, port, process, log, jar, List.copyOf(jvmOptions), Map.copyOf(properties));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: the process ends at once, without any shutdown of its own. */
    void kill() {
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die on SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing " + name, e);
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, …) with the system's {@code kill}. */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + name, e);
        }
    }

    /**
     * SIGTERM, then waits up to {@code limit} for the process to exit; returns how long it took, or null if it still
     * runs (it is then left running: the caller decides).
     */
    Duration terminate(Duration limit) {
        long started = System.nanoTime();
        process.destroy(); // SIGTERM on Unix
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)
                    ? Duration.ofNanos(System.nanoTime() - started) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping " + name, e);
        }
    }

    /** The HTTP status of {@code /actuator/health/readiness} (200 ready, 503 not), or -1 if it does not answer in 10 s. */
    int readiness() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + name, e);
        }
    }

    /** Waits until {@code /actuator/health} answers UP; fails early if the process dies. */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250); // poll interval while the service boots
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Asks the service to stop (SIGTERM: Spring shuts down gracefully), then forces it after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
