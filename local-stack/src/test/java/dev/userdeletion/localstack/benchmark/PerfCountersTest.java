package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerfCountersTest {

    @Test
    void readsACounterOfARunningJvmByName() {
        PerfCounters counters = PerfCounters.of(ProcessHandle.current().pid()).orElseThrow();

        long compiled = counters.value("sun.ci.totalCompiles").orElseThrow();
        assertThat(compiled).as("this JVM has compiled methods to get here").isPositive();
        assertThat(counters.value("no.such.counter")).isEmpty();
    }
}
