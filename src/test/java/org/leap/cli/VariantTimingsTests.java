package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VariantTimingsTests {
    @Test
    void testPercentilesAreNearestRank() {
        VariantTimings t = new VariantTimings(4);
        for (double ms : new double[] { 40, 10, 30, 20 }) {
            t.add(ms, 1, 10, 0, 12);
        }
        assertEquals(20, t.p50Millis());
        assertEquals(40, t.p99Millis());
    }

    @Test
    void testRatesAreTotalsOverTotalTime() {
        VariantTimings t = new VariantTimings(2);
        t.add(100, 8, 400, 2e9, 8 * 7);
        t.add(300, 8, 800, 4e9, 8 * 9);
        assertEquals(16 / 0.4, t.rowsPerSecond(), 1e-9);
        assertEquals(1200 / 0.4, t.tokensPerSecond(), 1e-9);
        assertEquals(6 / 0.4, t.gflopsPerSecond(), 1e-9);
        assertEquals(8.0, t.meanExitLayer(), 1e-9);
    }

    @Test
    void testRejectsZeroRounds() {
        assertThrows(IllegalArgumentException.class, () -> new VariantTimings(0));
    }
}
