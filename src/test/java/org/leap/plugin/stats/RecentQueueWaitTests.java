package org.leap.plugin.stats;

import java.util.concurrent.atomic.AtomicLong;

import org.opensearch.test.OpenSearchTestCase;

/** The median queue wait of the last second, on a clock the test moves. */
public class RecentQueueWaitTests extends OpenSearchTestCase {
    private static final long MS = 1_000_000L;

    public void testAnIdlePoolHasNoWait() {
        assertEquals(0, new RecentQueueWait(() -> 0).p50Nanos());
    }

    public void testMedianOfTheEncodesTakenInTheLastSecond() {
        AtomicLong now = new AtomicLong(5_000 * MS);
        RecentQueueWait wait = new RecentQueueWait(now::get);
        for (long w : new long[] { 90, 10, 30, 70, 50 }) {
            wait.record(w * MS);
            now.addAndGet(100 * MS);
        }
        assertEquals(50 * MS, wait.p50Nanos());
        wait.record(20 * MS);
        assertEquals("nearest rank of six: the third", 30 * MS, wait.p50Nanos());
    }

    public void testWaitsOlderThanASecondNoLongerCount() {
        AtomicLong now = new AtomicLong(0);
        RecentQueueWait wait = new RecentQueueWait(now::get);
        wait.record(200 * MS);
        wait.record(200 * MS);
        now.set(600 * MS);
        wait.record(1 * MS);
        assertEquals(200 * MS, wait.p50Nanos());
        now.set(1_000 * MS);
        assertEquals("exactly a second old still counts", 200 * MS, wait.p50Nanos());
        now.set(1_001 * MS);
        assertEquals("the load passed: the median is the new wait alone", 1 * MS, wait.p50Nanos());
        now.set(1_601 * MS);
        assertEquals(0, wait.p50Nanos());
    }

    public void testPastItsCapacityTheNewestEncodesCount() {
        AtomicLong now = new AtomicLong(0);
        RecentQueueWait wait = new RecentQueueWait(now::get);
        for (int i = 0; i < RecentQueueWait.CAPACITY; i++) {
            wait.record(100 * MS);
        }
        for (int i = 0; i < RecentQueueWait.CAPACITY; i++) {
            wait.record(2 * MS);
        }
        assertEquals(2 * MS, wait.p50Nanos());
    }
}
