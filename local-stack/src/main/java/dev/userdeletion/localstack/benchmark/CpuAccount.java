package dev.userdeletion.localstack.benchmark;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time the processes of one kind of call consumed while it ran, per call: the service answering it, PostgreSQL
 * (the postmaster and every process under it) and this JVM (the load generator, the idle broker). Read from
 * {@code /proc} through {@link ProcessHandle.Info#totalCpuDuration()} (user + system, in clock ticks of 10 ms:
 * summed over thousands of calls). On 2 cores, N clients in a closed loop each wait about N × (CPU per call) / 2.
 */
final class CpuAccount {

    /** What one kind of call cost, in milliseconds of CPU per call; {@code service} is 0 for SQL calls. */
    record PerCall(double serviceMs, double postgresMs, double harnessMs, long calls) {

        double totalMs() {
            return serviceMs + postgresMs + harnessMs;
        }
    }

    private final ProcessHandle service;
    private final ProcessHandle postgres;
    private long serviceNanos;
    private long postgresNanos;
    private long harnessNanos;
    private long calls;

    /** {@code service} null: no service takes part (calls straight to the database). */
    CpuAccount(ProcessHandle service, ProcessHandle postgres) {
        this.service = service;
        this.postgres = postgres;
    }

    /** Runs {@code work}, which makes {@code callCount} calls, and adds what it cost. */
    void charge(long callCount, ThrowingRunnable work) throws Exception {
        long serviceBefore = nanos(service);
        long postgresBefore = treeNanos(postgres);
        long harnessBefore = nanos(ProcessHandle.current());
        work.run();
        serviceNanos += nanos(service) - serviceBefore;
        postgresNanos += treeNanos(postgres) - postgresBefore;
        harnessNanos += nanos(ProcessHandle.current()) - harnessBefore;
        calls += callCount;
    }

    PerCall perCall() {
        double n = Math.max(calls, 1) * 1e6;
        return new PerCall(serviceNanos / n, postgresNanos / n, harnessNanos / n, calls);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static long nanos(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** A backend that exits takes its CPU time with it; the measured connections and the pool's stay open. */
    private static long treeNanos(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(CpuAccount::nanos).sum();
    }
}
