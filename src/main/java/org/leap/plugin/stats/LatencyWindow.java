package org.leap.plugin.stats;

import java.util.Arrays;

/** The last {@value #SIZE} durations of one kind, for percentiles over recent encodes rather than the node's lifetime. */
final class LatencyWindow {
    static final int SIZE = 1024;

    private final long[] nanos = new long[SIZE];
    private long count;

    synchronized void record(long duration) {
        nanos[(int) (count++ % SIZE)] = duration;
    }

    /** Nearest-rank percentile in milliseconds; 0 when nothing was recorded. */
    double percentileMillis(double q) {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(nanos, (int) Math.min(count, SIZE));
        }
        Arrays.sort(sorted);
        return percentileMillis(sorted, q);
    }

    static double percentileMillis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
