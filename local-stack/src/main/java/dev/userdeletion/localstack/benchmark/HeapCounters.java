package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The heap figures of another JVM read from its performance counters: the memory-mapped {@code hsperfdata} file
 * that every HotSpot JVM keeps up to date in {@code /tmp/hsperfdata_<user>/<pid>} and that {@code jstat} reads.
 * Reading it costs the observed JVM nothing (no attach, no agent, no safepoint). Heap used is the sum of the used
 * bytes of every space of every generation (eden, survivors, old), as {@code jstat -gc} shows them; G1 updates
 * eden as it hands out regions, Serial and Parallel every 50 ms ({@code PerfDataSamplingInterval}).
 *
 * <p>The file's layout (HotSpot {@code perfMemory.hpp}, version 2): a prologue with the magic {@code 0xcafec0c0},
 * the byte order, the offset of the first entry and their number; each entry holds its length, the offset of its
 * name, a vector length (0 for a scalar), a type ({@code 'J'}: a long) and the offset of its data.
 */
final class HeapCounters {

    private static final int MAGIC = 0xcafec0c0;
    private static final String GENERATION = "sun.gc.generation.";

    private final MappedByteBuffer data;
    private final int[] used;
    private final int[] capacity;

    private HeapCounters(MappedByteBuffer data, int[] used, int[] capacity) {
        this.data = data;
        this.used = used;
        this.capacity = capacity;
    }

    /** The counters of process {@code pid}; empty if it has none (not HotSpot, {@code -XX:-UsePerfData}, gone). */
    static Optional<HeapCounters> of(long pid) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // a shared mapping: the JVM's later writes show through it
            MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (data.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
                return Optional.empty();
            }
            data.order(data.get(4) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            List<Integer> used = new ArrayList<>();
            List<Integer> capacity = new ArrayList<>();
            int entry = data.getInt(24);
            int entries = data.getInt(28);
            for (int i = 0; i < entries; i++) {
                int length = data.getInt(entry);
                String name = name(data, entry + data.getInt(entry + 4));
                boolean scalarLong = data.getInt(entry + 8) == 0 && data.get(entry + 12) == 'J';
                if (scalarLong && name.startsWith(GENERATION)) {
                    // sun.gc.generation.<g>.space.<s>.used, and sun.gc.generation.<g>.capacity (committed)
                    if (name.endsWith(".used") && name.contains(".space.")) {
                        used.add(entry + data.getInt(entry + 16));
                    } else if (name.endsWith(".capacity") && !name.contains(".space.")) {
                        capacity.add(entry + data.getInt(entry + 16));
                    }
                }
                entry += length;
            }
            if (used.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new HeapCounters(data, used.stream().mapToInt(Integer::intValue).toArray(),
                    capacity.stream().mapToInt(Integer::intValue).toArray()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended meanwhile, or the file is not what it should be
        }
    }

    /** Bytes of the heap in use now (live and not yet collected objects). */
    long usedBytes() {
        return sum(used);
    }

    /** Bytes of the heap committed now. */
    long committedBytes() {
        return sum(capacity);
    }

    private long sum(int[] offsets) {
        long total = 0;
        for (int offset : offsets) {
            total += data.getLong(offset);
        }
        return total;
    }

    /**
     * The value of the scalar long counter {@code name} of process {@code pid} now (e.g. {@code sun.ci.totalCompiles},
     * the methods its JIT compilers have compiled, what {@code jstat -compiler} shows); empty if there is none.
     */
    static OptionalLong counter(long pid, String name) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (data.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
                return OptionalLong.empty();
            }
            data.order(data.get(4) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int entry = data.getInt(24);
            int entries = data.getInt(28);
            for (int i = 0; i < entries; i++) {
                boolean scalarLong = data.getInt(entry + 8) == 0 && data.get(entry + 12) == 'J';
                if (scalarLong && name.equals(name(data, entry + data.getInt(entry + 4)))) {
                    return OptionalLong.of(data.getLong(entry + data.getInt(entry + 16)));
                }
                entry += data.getInt(entry);
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // no such process (any more), or not a HotSpot JVM with counters
        }
    }

    private static String name(ByteBuffer data, int at) {
        int end = at;
        while (data.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        data.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
