package org.leap.plugin.stats;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The median time an encode waited for a {@code leap_inference} thread over the last second, across every model and
 * path: the pool is the node's, so its queue is one. This is the load signal the node degrades queries on
 * ({@code plugins.leap.degrade.queue_wait_budget}); the per-path {@code queue_wait_*} percentiles of the stats cover
 * the last 1,024 encodes however old, which says nothing about now on a node that was busy an hour ago.
 *
 * <p>An encode counts when a thread takes it, with the time it waited; the window holds the last {@value #CAPACITY}
 * of them, so past that many encodes a second it covers the newest only. With none in the last second the median is 0:
 * an idle pool has no queue.
 */
public final class RecentQueueWait {
    static final int CAPACITY = 4096;
    static final long WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final long[] at = new long[CAPACITY];
    private final long[] waited = new long[CAPACITY];
    private long count;

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} on a node) */
    public RecentQueueWait(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** An encode taken by a thread now, after waiting this long since it was submitted. */
    public synchronized void record(long waitNanos) {
        int slot = (int) (count++ % CAPACITY);
        at[slot] = nanoClock.getAsLong();
        waited[slot] = waitNanos;
    }

    /** The median wait of the encodes taken in the last second (nearest rank), in nanoseconds; 0 without any. */
    public long p50Nanos() {
        long now = nanoClock.getAsLong();
        long[] recent = new long[CAPACITY];
        int n = 0;
        synchronized (this) {
            for (int i = 0; i < Math.min(count, CAPACITY); i++) {
                if (now - at[i] <= WINDOW_NANOS) {
                    recent[n++] = waited[i];
                }
            }
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(recent, 0, n);
        return recent[(int) Math.ceil(0.5 * n) - 1];
    }
}
