package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and GC pauses of the service processes during a window, measured so that it costs the services nothing.
 * Every {@value #SAMPLE_MILLIS} ms: heap used and committed from each JVM's performance counters
 * ({@link HeapCounters}: the file {@code jstat} reads), so the peak is seen whether or not a collection happens,
 * and RSS from {@code /proc/<pid>/status} ({@code VmRSS}; also the kernel's peak {@code VmHWM}, reset at the
 * start of the window). From each JVM's GC log ({@link #gcLogOption}): the heap occupancy before each collection
 * and the pauses.
 */
final class ResourceMonitor implements AutoCloseable {

    static final int SAMPLE_MILLIS = 250;

    /**
     * JVM option for the services: one GC log per process ({@code %p} is the pid), wall-clock stamped, each pause
     * followed by its CPU time ({@code gc+cpu}), which tells a pause that worked long from one that waited for a core.
     */
    static String gcLogOption(Path dir) {
        return "-Xlog:gc,gc+cpu:file=" + dir.resolve("gc-%p.log") + ":time";
    }

    /**
     * A pause line of {@code -Xlog:gc}, e.g. {@code [2026-…+0000] GC(56) Pause Young (Mixed) (G1 Evacuation Pause)
     * 127M->42M(147M) 91.952ms}: time, heap before, after, committed, duration. The cause may hold digits ("G1").
     */
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^\\]]+)\\].*GC\\((\\d+)\\) Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    /** The CPU line of {@code gc+cpu} after a pause: {@code GC(14) User=0.06s Sys=0.00s Real=0.22s}. */
    private static final int CPU_LINE_LOOKAHEAD = 3;
    private static final Pattern PAUSE_CPU = Pattern.compile("GC\\((\\d+)\\) User=([\\d.]+)s Sys=([\\d.]+)s Real=");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final long MB = 1024 * 1024;

    /**
     * One service's figures over the window; null where the source is missing.
     *
     * @param peakHeapUsedMb   largest heap in use among the samples (every {@value #SAMPLE_MILLIS} ms)
     * @param heapCommittedMb  largest committed heap among the samples
     * @param heapBeforeGcMb   largest heap occupancy before a collection in the GC log; null if no collection ran
     * @param maxPauseMs       longest GC pause in the GC log (0 if none)
     * @param maxPauseCpuMs    the CPU time (user + system, all GC threads) of that pause; null if not logged
     * @param pauses           GC pauses in the window, from the GC log
     */
    record Usage(String service, long peakRssMb, Long peakHeapUsedMb, Long heapCommittedMb, Long heapBeforeGcMb,
                 Double maxPauseMs, Double maxPauseCpuMs, Integer pauses) {
    }

    private final Map<String, Long> pids;
    private final Path gcLogDir;
    private final Map<String, HeapCounters> heaps = new LinkedHashMap<>();
    private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHeapUsed = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHeapCommitted = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "resource-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final Instant started = Instant.now();

    /** Starts the window: resets each process's peak RSS and samples every {@value #SAMPLE_MILLIS} ms. */
    ResourceMonitor(Map<String, Long> pids, Path gcLogDir) {
        this.pids = pids;
        this.gcLogDir = gcLogDir;
        pids.forEach((service, pid) -> {
            try {
                Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5"); // 5: reset the peak RSS
            } catch (IOException | RuntimeException e) {
                // not permitted here: the sampled maximum below is the figure then
            }
            peakRssKb.put(service, 0L);
            HeapCounters.of(pid).ifPresent(counters -> heaps.put(service, counters));
        });
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        pids.forEach((service, pid) -> peakRssKb.merge(service, status(pid, "VmRSS"), Math::max));
        heaps.forEach((service, counters) -> {
            peakHeapUsed.merge(service, counters.usedBytes(), Math::max);
            peakHeapCommitted.merge(service, counters.committedBytes(), Math::max);
        });
    }

    /** Ends the window and reads the figures. */
    List<Usage> stop() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS); // a sample under way must not write after the last one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Instant ended = Instant.now();
        sample();
        return pids.entrySet().stream().map(e -> usage(e.getKey(), e.getValue(), ended)).toList();
    }

    /**
     * The pauses of process {@code pid} between {@code from} and {@code to} in its GC log in {@code gcLogDir};
     * null when there is no log to read.
     */
    static GcPauses pauses(Path gcLogDir, long pid, Instant from, Instant to) {
        Path log = gcLogDir == null ? null : gcLogDir.resolve("gc-" + pid + ".log");
        if (log == null || !Files.isRegularFile(log)) {
            return null;
        }
        try {
            return GcPauses.in(Files.readAllLines(log), from, to);
        } catch (IOException e) {
            return null;
        }
    }

    private Usage usage(String service, long pid, Instant ended) {
        long rssKb = Math.max(peakRssKb.get(service), status(pid, "VmHWM"));
        Long heapUsed = Optional.ofNullable(peakHeapUsed.get(service)).map(b -> b / MB).orElse(null);
        Long committed = Optional.ofNullable(peakHeapCommitted.get(service)).map(b -> b / MB).orElse(null);
        GcPauses gc = pauses(gcLogDir, pid, started, ended);
        if (gc == null) {
            return new Usage(service, rssKb / 1024, heapUsed, committed, null, null, null, null);
        }
        return new Usage(service, rssKb / 1024, heapUsed, committed, gc.count() == 0 ? null : gc.maxHeapBeforeMb(),
                gc.maxPauseMs(), gc.maxPauseCpuMs(), gc.count());
    }

    /**
     * The GC pauses of a window in a GC log: how many, the largest heap before one, the longest and its CPU time
     * (null if the log has no {@code gc+cpu} line for it).
     */
    record GcPauses(int count, long maxHeapBeforeMb, double maxPauseMs, Double maxPauseCpuMs) {

        static GcPauses in(List<String> gcLog, Instant from, Instant to) {
            int count = 0;
            long beforeGc = 0;
            double maxPause = 0;
            Double maxPauseCpu = null;
            for (int i = 0; i < gcLog.size(); i++) {
                Matcher m = PAUSE.matcher(gcLog.get(i));
                if (!m.find()) {
                    continue;
                }
                Instant at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
                count++;
                beforeGc = Math.max(beforeGc, Long.parseLong(m.group(3)));
                double pause = Double.parseDouble(m.group(6));
                if (pause > maxPause) {
                    maxPause = pause;
                    maxPauseCpu = cpuMs(gcLog, i + 1, m.group(2));
                }
            }
            return new GcPauses(count, beforeGc, maxPause, maxPauseCpu);
        }

        /**
         * The user + system time of GC {@code id} from its CPU line, looked for in the few lines from {@code from}: a
         * pause that starts a marking cycle has the cycle's first line between them.
         */
        private static Double cpuMs(List<String> gcLog, int from, String id) {
            for (int i = from; i < Math.min(from + CPU_LINE_LOOKAHEAD, gcLog.size()); i++) {
                Matcher cpu = PAUSE_CPU.matcher(gcLog.get(i));
                if (cpu.find() && cpu.group(1).equals(id)) {
                    return (Double.parseDouble(cpu.group(2)) + Double.parseDouble(cpu.group(3))) * 1000;
                }
            }
            return null;
        }
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone or /proc is not there
        }
        return 0;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
