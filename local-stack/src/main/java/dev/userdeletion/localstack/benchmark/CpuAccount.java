package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What the processes of one kind of call spent while it ran, per call: the service answering it, PostgreSQL (the
 * postmaster and every process under it) and this JVM (the load generator, the idle broker). Two figures each:
 * <ul>
 *   <li>CPU time, from {@code /proc} through {@link ProcessHandle.Info#totalCpuDuration()} (user + system, in clock
 *   ticks of 10 ms: summed over thousands of calls);</li>
 *   <li>time spent runnable but waiting for a core (the scheduler's run-queue delay, the second field of
 *   {@code /proc/<pid>/task/<tid>/schedstat}, in ns), summed over the threads alive at both ends of the window: a
 *   call's latency is the CPU and the waits along its chain (client, service, database and back), so where a
 *   latency is far above its CPU this says whether it waited for a core.</li>
 * </ul>
 * On 2 cores, N clients in a closed loop each wait about N × (CPU per call) / 2.
 */
final class CpuAccount {

    /**
     * What one kind of call cost, in milliseconds per call; {@code service…} are 0 for SQL calls.
     *
     * @param serviceWaitMs  run-queue delay of the service's threads per call, likewise the others
     */
    record PerCall(double serviceMs, double postgresMs, double harnessMs, double serviceWaitMs,
                   double postgresWaitMs, double harnessWaitMs, long calls) {

        double totalMs() {
            return serviceMs + postgresMs + harnessMs;
        }

        double totalWaitMs() {
            return serviceWaitMs + postgresWaitMs + harnessWaitMs;
        }
    }

    /** CPU and run-queue delay of the three parts, in ns, at one moment or over a window. */
    private record Spent(long service, long postgres, long harness, long serviceWait, long postgresWait,
                         long harnessWait) {

        Spent minus(Spent o) {
            return new Spent(service - o.service, postgres - o.postgres, harness - o.harness,
                    serviceWait - o.serviceWait, postgresWait - o.postgresWait, harnessWait - o.harnessWait);
        }

        Spent plus(Spent o) {
            return new Spent(service + o.service, postgres + o.postgres, harness + o.harness,
                    serviceWait + o.serviceWait, postgresWait + o.postgresWait, harnessWait + o.harnessWait);
        }

        PerCall perCall(long calls) {
            double n = Math.max(calls, 1) * 1e6;
            return new PerCall(service / n, postgres / n, harness / n, serviceWait / n, postgresWait / n,
                    harnessWait / n, calls);
        }
    }

    private final ProcessHandle service;
    private final ProcessHandle postgres;
    private Spent spent = new Spent(0, 0, 0, 0, 0, 0);
    private long calls;

    /** {@code service} null: no service takes part (calls straight to the database). */
    CpuAccount(ProcessHandle service, ProcessHandle postgres) {
        this.service = service;
        this.postgres = postgres;
    }

    /** Runs {@code work}, which makes {@code callCount} calls, adds what it cost and returns that, per call. */
    PerCall charge(long callCount, ThrowingRunnable work) throws Exception {
        Spent before = now();
        work.run();
        Spent window = now().minus(before);
        spent = spent.plus(window);
        calls += callCount;
        return window.perCall(callCount);
    }

    /** Everything charged so far, per call. */
    PerCall perCall() {
        return spent.perCall(calls);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private Spent now() {
        ProcessHandle harness = ProcessHandle.current();
        return new Spent(cpuNanos(service), treeCpuNanos(postgres), cpuNanos(harness), runQueueNanos(service),
                treeRunQueueNanos(postgres), runQueueNanos(harness));
    }

    private static long cpuNanos(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** A backend that exits takes its CPU time with it; the measured connections and the pool's stay open. */
    private static long treeCpuNanos(ProcessHandle root) {
        return tree(root).mapToLong(CpuAccount::cpuNanos).sum();
    }

    private static long treeRunQueueNanos(ProcessHandle root) {
        return tree(root).mapToLong(CpuAccount::runQueueNanos).sum();
    }

    private static Stream<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants());
    }

    /** The run-queue delay of every thread of {@code process} (0 when {@code /proc} does not say). */
    private static long runQueueNanos(ProcessHandle process) {
        if (process == null) {
            return 0;
        }
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()),
                "task"))) {
            for (Path task : tasks) {
                sum += runQueueNanos(task.resolve("schedstat"));
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or this is not Linux
        }
        return sum;
    }

    /** {@code schedstat}: time on a core, time waiting on a run queue (both ns), time slices run. */
    private static long runQueueNanos(Path schedstat) {
        try {
            String[] fields = Files.readString(schedstat).trim().split(" ");
            return fields.length >= 2 ? Long.parseLong(fields[1]) : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended meanwhile
        }
    }
}
