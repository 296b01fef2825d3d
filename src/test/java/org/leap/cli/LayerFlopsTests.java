package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LayerFlopsTests {
    @Test
    void testPerLayerMatchesTheFormulaForBgeSmall() {
        int h = 384;
        int n = 100;
        double expected = 2.0 * n * (3.0 * h * h + h * h + 2.0 * h * 4 * h) + 4.0 * n * n * h;
        assertEquals(expected, new LayerFlops(h).perLayer(n), 1e-6);
    }

    @Test
    void testTheFourLinearsSumToTwelveHSquaredPerToken() {
        LayerFlops flops = new LayerFlops(8);
        assertEquals(2.0 * 10 * 12 * 8 * 8, flops.linearFlops(10), 1e-9);
        assertEquals(4, flops.linears().size());
    }

    @Test
    void testAttentionGrowsWithTheSquareOfLength() {
        LayerFlops flops = new LayerFlops(4);
        double attentionAt10 = flops.perLayer(10) - flops.linearFlops(10);
        double attentionAt20 = flops.perLayer(20) - flops.linearFlops(20);
        assertEquals(4 * attentionAt10, attentionAt20, 1e-9);
    }

    @Test
    void testRejectsZeroWidth() {
        assertThrows(IllegalArgumentException.class, () -> new LayerFlops(0));
    }
}
