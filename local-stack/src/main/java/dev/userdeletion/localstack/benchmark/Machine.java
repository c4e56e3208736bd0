package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The machine a run happened on, and how busy it was (load averages from {@code /proc/loadavg}). */
record Machine(Instant at, int cores, long memoryMb, String cpu, String jdk, String os, String loadAverage) {

    static Machine now() {
        return new Machine(Instant.now(), Runtime.getRuntime().availableProcessors(),
                firstNumber(read("/proc/meminfo"), "MemTotal:") / 1024,
                read("/proc/cpuinfo").stream().filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                read("/proc/loadavg").stream().findFirst().map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3)))
                        .orElse("unknown"));
    }

    private static List<String> read(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long firstNumber(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    }
}
