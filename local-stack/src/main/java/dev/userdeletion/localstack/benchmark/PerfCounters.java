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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The scalar long performance counters of another HotSpot JVM: the memory-mapped {@code hsperfdata} file that every
 * HotSpot JVM keeps up to date in {@code /tmp/hsperfdata_<user>/<pid>} and that {@code jstat} reads. Reading it
 * costs the observed JVM nothing (no attach, no agent, no safepoint); the mapping is shared, so every read sees the
 * JVM's latest values.
 *
 * <p>The file's layout (HotSpot {@code perfMemory.hpp}, version 2): a prologue with the magic {@code 0xcafec0c0},
 * the byte order, the offset of the first entry and their number; each entry holds its length, the offset of its
 * name, a vector length (0 for a scalar), a type ({@code 'J'}: a long) and the offset of its data.
 */
final class PerfCounters {

    private static final int MAGIC = 0xcafec0c0;

    private final MappedByteBuffer data;
    /** Counter name to the offset of its value. */
    private final Map<String, Integer> longs;

    private PerfCounters(MappedByteBuffer data, Map<String, Integer> longs) {
        this.data = data;
        this.longs = longs;
    }

    /** The counters of process {@code pid}; empty if it has none (not HotSpot, {@code -XX:-UsePerfData}, gone). */
    static Optional<PerfCounters> of(long pid) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (data.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
                return Optional.empty();
            }
            data.order(data.get(4) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            Map<String, Integer> longs = new LinkedHashMap<>();
            int entry = data.getInt(24);
            int entries = data.getInt(28);
            for (int i = 0; i < entries; i++) {
                boolean scalarLong = data.getInt(entry + 8) == 0 && data.get(entry + 12) == 'J';
                if (scalarLong) {
                    longs.put(name(data, entry + data.getInt(entry + 4)), entry + data.getInt(entry + 16));
                }
                entry += data.getInt(entry);
            }
            return Optional.of(new PerfCounters(data, longs));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended meanwhile, or the file is not what it should be
        }
    }

    /** The names of the scalar long counters. */
    Set<String> names() {
        return longs.keySet();
    }

    /** The value of counter {@code name} now (e.g. {@code sun.ci.totalCompiles}); empty if there is none. */
    OptionalLong value(String name) {
        Integer offset = longs.get(name);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(data.getLong(offset));
    }

    /**
     * The time the JIT compilers have spent compiling so far, in ns ({@code java.ci.totalTime}, in ticks of
     * {@code sun.os.hrt.frequency} per second); empty if the JVM does not say.
     */
    OptionalLong compileNanos() {
        OptionalLong ticks = value("java.ci.totalTime");
        OptionalLong perSecond = value("sun.os.hrt.frequency");
        if (ticks.isEmpty() || perSecond.isEmpty() || perSecond.getAsLong() <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) (ticks.getAsLong() * (1e9 / perSecond.getAsLong())));
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
