package dev.userdeletion.localstack.benchmark;

import java.util.List;
import java.util.Optional;

/**
 * The heap figures of another JVM read from its performance counters ({@link PerfCounters}). Heap used is the sum of
 * the used bytes of every space of every generation (eden, survivors, old), as {@code jstat -gc} shows them; G1
 * updates eden as it hands out regions, Serial and Parallel every 50 ms ({@code PerfDataSamplingInterval}).
 */
final class HeapCounters {

    private static final String GENERATION = "sun.gc.generation.";

    private final PerfCounters counters;
    private final List<String> used;
    private final List<String> capacity;

    private HeapCounters(PerfCounters counters, List<String> used, List<String> capacity) {
        this.counters = counters;
        this.used = used;
        this.capacity = capacity;
    }

    /** The counters of process {@code pid}; empty if it has none (not HotSpot, {@code -XX:-UsePerfData}, gone). */
    static Optional<HeapCounters> of(long pid) {
        return PerfCounters.of(pid).flatMap(counters -> {
            // sun.gc.generation.<g>.space.<s>.used, and sun.gc.generation.<g>.capacity (committed)
            List<String> generations = counters.names().stream().filter(name -> name.startsWith(GENERATION)).toList();
            List<String> used = generations.stream()
                    .filter(name -> name.endsWith(".used") && name.contains(".space.")).toList();
            List<String> capacity = generations.stream()
                    .filter(name -> name.endsWith(".capacity") && !name.contains(".space.")).toList();
            return used.isEmpty() ? Optional.empty() : Optional.of(new HeapCounters(counters, used, capacity));
        });
    }

    /** Bytes of the heap in use now (live and not yet collected objects). */
    long usedBytes() {
        return sum(used);
    }

    /** Bytes of the heap committed now. */
    long committedBytes() {
        return sum(capacity);
    }

    private long sum(List<String> names) {
        return names.stream().mapToLong(name -> counters.value(name).orElse(0)).sum();
    }
}
