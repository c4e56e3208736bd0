package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak memory and GC pauses of the service processes during a window. RSS is read from
 * {@code /proc/<pid>/status} (peak {@code VmHWM}, reset at the start of the window, and sampled
 * {@code VmRSS}); heap and pauses come from each JVM's GC log ({@link #gcLogOption}), so measuring
 * costs the services nothing.
 */
final class ResourceMonitor implements AutoCloseable {

    /** JVM option for the services: one GC log per process ({@code %p} is the pid), wall-clock stamped. */
    static String gcLogOption(Path dir) {
        return "-Xlog:gc:file=" + dir.resolve("gc-%p.log") + ":time";
    }

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^\\]]+)\\].*GC\\(\\d+\\) (Pause [^0-9]*?) ?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    record Usage(String service, long peakRssMb, Long peakHeapMb, Long heapCommittedMb, Double maxPauseMs,
                 int pauses) {
    }

    private final Map<String, Long> pids;
    private final Path gcLogDir;
    private final Map<String, Long> sampledRssKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "resource-sampler"));
    private final Instant started = Instant.now();

    /** Starts the window: resets each process's peak RSS and samples RSS every 250 ms. */
    ResourceMonitor(Map<String, Long> pids, Path gcLogDir) {
        this.pids = pids;
        this.gcLogDir = gcLogDir;
        pids.forEach((service, pid) -> {
            try {
                Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5"); // 5: reset the peak RSS
            } catch (IOException | RuntimeException e) {
                // not permitted here: the sampled maximum below is the figure then
            }
            sampledRssKb.put(service, 0L);
        });
        sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        pids.forEach((service, pid) -> sampledRssKb.merge(service, status(pid, "VmRSS"), Math::max));
    }

    /** Ends the window and reads the figures. */
    List<Usage> stop() {
        sampler.shutdownNow();
        Instant ended = Instant.now();
        sample();
        return pids.entrySet().stream().map(e -> usage(e.getKey(), e.getValue(), ended)).toList();
    }

    private Usage usage(String service, long pid, Instant ended) {
        long rssKb = Math.max(sampledRssKb.get(service), status(pid, "VmHWM"));
        Path log = gcLogDir == null ? null : gcLogDir.resolve("gc-" + pid + ".log");
        if (log == null || !Files.isRegularFile(log)) {
            return new Usage(service, rssKb / 1024, null, null, null, 0);
        }
        long peakHeap = 0;
        long committed = 0;
        double maxPause = 0;
        int pauses = 0;
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                Instant at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
                if (at.isBefore(started) || at.isAfter(ended)) {
                    continue;
                }
                pauses++;
                peakHeap = Math.max(peakHeap, Long.parseLong(m.group(3)));
                committed = Math.max(committed, Long.parseLong(m.group(5)));
                maxPause = Math.max(maxPause, Double.parseDouble(m.group(6)));
            }
        } catch (IOException e) {
            return new Usage(service, rssKb / 1024, null, null, null, 0);
        }
        return new Usage(service, rssKb / 1024, peakHeap, committed, maxPause, pauses);
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
