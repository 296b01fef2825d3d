package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one computation of exit rate, share by a layer, E[l] and L/E[l] from exit layers. */
class ExitSummaryTests {
    @Test
    void summarisesExitLayers() {
        ExitSummary s = ExitSummary.ofLayers(new int[] { 6, 6, 7, 12 }, 12);
        assertEquals(4, s.rows());
        assertEquals(0.75, s.exitRate(), 1e-12);
        assertEquals(0.5, s.exitedBy(6), 1e-12);
        assertEquals(0.75, s.exitedBy(7), 1e-12);
        assertEquals(0.75, s.exitedBy(12), 1e-12, "the last layer is not an exit");
        assertEquals(7.75, s.meanExitLayer(), 1e-12);
        assertEquals(12 / 7.75, s.layerReduction(), 1e-12);
        assertArrayEquals(new long[] { 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 1 }, s.histogram());
    }

    @Test
    void noRowsMeanNoReduction() {
        ExitSummary s = new ExitSummary(new long[12]);
        assertEquals(0, s.exitRate());
        assertEquals(0, s.meanExitLayer());
        assertEquals(1, s.layerReduction());
        assertEquals(1, new ExitSummary(new long[0]).layerReduction());
    }
}
