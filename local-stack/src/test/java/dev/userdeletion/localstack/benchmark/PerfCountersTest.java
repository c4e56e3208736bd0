package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PerfCountersTest {

    @Test
    void readsACounterOfARunningJvmByName() {
        PerfCounters counters = PerfCounters.of(ProcessHandle.current().pid()).orElseThrow();

        long compiled = counters.value("sun.ci.totalCompiles").orElseThrow();
        assertThat(compiled).as("this JVM has compiled methods to get here").isPositive();
        assertThat(counters.value("no.such.counter")).isEmpty();
    }

    @Test
    void compileTimeGrowsWhileTheJitCompiles() {
        PerfCounters counters = PerfCounters.of(ProcessHandle.current().pid()).orElseThrow();
        long before = counters.compileNanos().orElseThrow();
        assertThat(before).as("this JVM has spent time compiling to get here").isPositive();

        // hot code until the JIT has compiled something more (new methods, or this loop on its stack)
        long compiledBefore = counters.value("sun.ci.totalCompiles").orElseThrow();
        long sum = 0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (counters.value("sun.ci.totalCompiles").orElseThrow() == compiledBefore
                && System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) {
                sum += Long.toHexString(sum + i * 31L).hashCode();
            }
        }

        assertThat(sum).isNotZero();
        assertThat(counters.value("sun.ci.totalCompiles").orElseThrow()).as("the loop made the JIT compile")
                .isGreaterThan(compiledBefore);
        // the compiler adds a compilation's time to its counter as it finishes: read it until it is there
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counters.compileNanos().orElseThrow())
                .as("and that took time").isGreaterThan(before));
    }
}
