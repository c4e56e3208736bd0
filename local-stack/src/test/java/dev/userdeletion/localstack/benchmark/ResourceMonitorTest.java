package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the benchmark reports about the services' memory is read correctly. */
class ResourceMonitorTest {

    @Test
    void countsEveryPauseOfTheWindowInAGcLogIncludingG1EvacuationPauses() {
        List<String> log = List.of(
                "[2026-12-05T00:43:52.183+0000] GC(53) Pause Young (Concurrent Start) (G1 Evacuation Pause) 131M->42M(154M) 9.032ms",
                "[2026-12-05T00:43:52.184+0000] GC(54) Concurrent Mark Cycle",
                "[2026-12-05T00:43:52.277+0000] GC(54) Pause Remark 43M->43M(147M) 22.693ms",
                "[2026-12-05T00:43:52.304+0000] GC(54) Pause Cleanup 43M->43M(147M) 0.045ms",
                "[2026-12-05T00:43:52.333+0000] GC(54) Concurrent Mark Cycle 148.461ms",
                "[2026-12-05T00:43:55.802+0000] GC(55) Pause Young (Prepare Mixed) (G1 Evacuation Pause) 127M->42M(147M) 8.897ms",
                "[2026-12-05T00:44:15.789+0000] GC(56) Pause Young (Mixed) (G1 Evacuation Pause) 128M->42M(147M) 91.952ms",
                "[2026-12-05T00:44:16.001+0000] GC(57) Pause Young (Allocation Failure) 30M->10M(100M) 5.123ms",
                "[2026-12-05T00:44:30.000+0000] GC(58) Pause Young (Normal) (G1 Evacuation Pause) 150M->40M(147M) 300.000ms");

        ResourceMonitor.GcPauses window = ResourceMonitor.GcPauses.in(log, Instant.parse("2026-12-05T00:43:52.200Z"),
                Instant.parse("2026-12-05T00:44:20Z"));

        // remark, cleanup, two G1 evacuation pauses and a serial one; not the pauses before or after the window
        assertThat(window.count()).isEqualTo(5);
        assertThat(window.maxHeapBeforeMb()).isEqualTo(128);
        assertThat(window.maxPauseMs()).isEqualTo(91.952);
        assertThat(window.maxPauseCpuMs()).isNull(); // this log has no gc+cpu lines
    }

    @Test
    void takesTheCpuTimeOfTheLongestPauseFromTheLineThatFollowsIt() {
        List<String> log = List.of(
                "[2026-12-05T13:29:02.185+0000] GC(14) Pause Young (Normal) (G1 Evacuation Pause) 393M->65M(512M) 221.060ms",
                "[2026-12-05T13:29:02.185+0000] GC(14) User=0.06s Sys=0.01s Real=0.22s",
                "[2026-12-05T13:29:10.431+0000] GC(15) Pause Young (Normal) (G1 Evacuation Pause) 351M->68M(512M) 62.832ms",
                "[2026-12-05T13:29:10.431+0000] GC(15) User=0.09s Sys=0.00s Real=0.07s",
                "[2026-12-05T13:29:11.000+0000] GC(16) Pause Remark 70M->70M(512M) 30.000ms",
                "[2026-12-05T13:29:11.000+0000] GC(17) User=0.50s Sys=0.00s Real=0.03s");

        ResourceMonitor.GcPauses window = ResourceMonitor.GcPauses.in(log, Instant.parse("2026-12-05T13:29:00Z"),
                Instant.parse("2026-12-05T13:29:20Z"));

        assertThat(window.count()).isEqualTo(3);
        assertThat(window.maxPauseMs()).isEqualTo(221.06);
        // 70 ms of CPU in 221 ms: the collector waited for a core most of the pause
        assertThat(window.maxPauseCpuMs()).isCloseTo(70.0, Offset.offset(0.001));
    }

    @Test
    void findsTheCpuLineOfAPauseThatStartsAMarkingCyclePastTheCyclesFirstLine() {
        List<String> log = List.of(
                "[2026-12-05T14:26:43.181+0000] GC(29) Pause Young (Concurrent Start) (G1 Evacuation Pause) 97M->45M(110M) 181.061ms",
                "[2026-12-05T14:26:43.182+0000] GC(30) Concurrent Mark Cycle",
                "[2026-12-05T14:26:43.198+0000] GC(29) User=0.02s Sys=0.03s Real=0.20s");

        ResourceMonitor.GcPauses window = ResourceMonitor.GcPauses.in(log, Instant.parse("2026-12-05T14:26:00Z"),
                Instant.parse("2026-12-05T14:27:00Z"));

        assertThat(window.maxPauseCpuMs()).isCloseTo(50.0, Offset.offset(0.001));
    }

    @Test
    void aCpuLineOfAnotherCollectionIsNotTakenForThePauses() {
        List<String> log = List.of(
                "[2026-12-05T13:29:11.000+0000] GC(16) Pause Remark 70M->70M(512M) 30.000ms",
                "[2026-12-05T13:29:11.000+0000] GC(17) User=0.50s Sys=0.00s Real=0.03s");

        ResourceMonitor.GcPauses window = ResourceMonitor.GcPauses.in(log, Instant.parse("2026-12-05T13:29:00Z"),
                Instant.parse("2026-12-05T13:29:20Z"));

        assertThat(window.maxPauseMs()).isEqualTo(30.0);
        assertThat(window.maxPauseCpuMs()).isNull();
    }

    @Test
    void readsAProcesssPausesOfAPhaseFromItsGcLogFile(@TempDir Path logs) throws IOException {
        Files.write(logs.resolve("gc-42.log"), List.of(
                "[2026-12-05T14:08:58.412+0000] GC(34) Pause Young (Normal) (G1 Evacuation Pause) 110M->46M(155M) 200.215ms",
                "[2026-12-05T14:08:58.412+0000] GC(34) User=0.02s Sys=0.00s Real=0.20s",
                "[2026-12-05T14:13:07.151+0000] GC(184) Pause Young (Normal) (G1 Evacuation Pause) 143M->49M(156M) 78.346ms",
                "[2026-12-05T14:13:07.151+0000] GC(184) User=0.01s Sys=0.00s Real=0.08s"));

        ResourceMonitor.GcPauses ingest = ResourceMonitor.pauses(logs, 42, Instant.parse("2026-12-05T14:08:00Z"),
                Instant.parse("2026-12-05T14:10:00Z"));

        assertThat(ingest.count()).isEqualTo(1);
        assertThat(ingest.maxPauseMs()).isEqualTo(200.215);
        assertThat(ingest.maxPauseCpuMs()).isCloseTo(20.0, Offset.offset(0.001));
        assertThat(ResourceMonitor.pauses(logs, 43, Instant.EPOCH, Instant.now())).as("no log of that process").isNull();
        assertThat(ResourceMonitor.pauses(null, 42, Instant.EPOCH, Instant.now())).as("no GC logs at all").isNull();
    }

    @Test
    void readsTheHeapOfARunningJvmFromItsPerformanceCounters() {
        HeapCounters counters = HeapCounters.of(ProcessHandle.current().pid()).orElseThrow();

        assertThat(counters.usedBytes()).isPositive();
        assertThat(counters.committedBytes()).isGreaterThanOrEqualTo(counters.usedBytes())
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }
}
