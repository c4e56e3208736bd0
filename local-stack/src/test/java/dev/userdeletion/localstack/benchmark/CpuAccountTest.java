package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuAccountTest {

    /** More busy threads than cores: the scheduler must keep some of them waiting, and the account must see it. */
    @Test
    void chargesTheCpuAndTheRunQueueDelayOfThreadsThatOutnumberTheCores() throws Exception {
        CpuAccount account = new CpuAccount(null, ProcessHandle.current());
        int threads = 2 * Runtime.getRuntime().availableProcessors() + 2;
        CountDownLatch spun = new CountDownLatch(threads);
        // the threads live on until the account has read them: it sums the threads alive at both ends
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> busy = new ArrayList<>();

        CpuAccount.PerCall perCall = account.charge(10, () -> {
            long until = System.nanoTime() + 400_000_000L;
            for (int i = 0; i < threads; i++) {
                busy.add(Thread.ofPlatform().start(() -> {
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    spun.countDown();
                    awaitQuietly(release);
                }));
            }
            spun.await();
        });
        release.countDown();
        for (Thread thread : busy) {
            thread.join();
        }

        assertThat(perCall.calls()).isEqualTo(10);
        assertThat(perCall.harnessMs()).as("CPU of this JVM per call").isPositive();
        assertThat(perCall.harnessWaitMs()).as("its threads waited for a core").isPositive();
        assertThat(perCall.serviceMs()).as("no service").isZero();
        assertThat(perCall.serviceWaitMs()).isZero();
        assertThat(account.perCall()).as("the account's total is that one charge").isEqualTo(perCall);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
