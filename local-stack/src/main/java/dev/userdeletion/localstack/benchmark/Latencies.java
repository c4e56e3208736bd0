package dev.userdeletion.localstack.benchmark;

import java.util.Arrays;

/** The mean and percentiles of a set of latencies, in milliseconds. */
record Latencies(int samples, double mean, double p50, double p99, double max) {

    static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, millis((long) Arrays.stream(sorted).average().orElse(0)),
                millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)), millis(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
