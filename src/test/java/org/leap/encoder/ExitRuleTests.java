package org.leap.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitRuleTests {
    private static float[] unit(double angle) {
        return new float[] { (float) Math.cos(angle), (float) Math.sin(angle) };
    }

    /** Layer l's vector turns by {@code steps[l-1]} radians from layer l-1. */
    private static float[][] trace(double... steps) {
        float[][] t = new float[steps.length][];
        double angle = 0;
        for (int l = 0; l < steps.length; l++) {
            angle += steps[l];
            t[l] = unit(angle);
        }
        return t;
    }

    @Test
    void testExitsAtFirstConvergedLayer() {
        // cos(0.5) = 0.878, cos(0.1) = 0.995
        float[][] t = trace(0, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1);
        assertEquals(5, ExitRule.exitLayer(new ExitPolicy(0.95, 1, 2), t));
    }

    @Test
    void testNeverExitsBeforeMinLayer() {
        float[][] t = trace(0, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01);
        assertEquals(6, ExitRule.exitLayer(new ExitPolicy(0.95, 1, 6), t));
    }

    @Test
    void testPatienceComparesWithLayerKBack() {
        // each step 0.2 rad: adjacent cos 0.980, two apart cos(0.4) = 0.921
        float[][] t = trace(0, 0.2, 0.2, 0.2, 0.2, 0.2);
        assertEquals(3, ExitRule.exitLayer(new ExitPolicy(0.95, 1, 3), t));
        assertEquals(6, ExitRule.exitLayer(new ExitPolicy(0.95, 2, 3), t));
        assertEquals(3, ExitRule.exitLayer(new ExitPolicy(0.92, 2, 3), t));
    }

    @Test
    void testRunsFullDepthWhenNothingConverges() {
        float[][] t = trace(0, 1, 1, 1, 1, 1);
        assertEquals(6, ExitRule.exitLayer(ExitPolicy.defaultFor(6), t));
    }

    @Test
    void testRejectsThetaOutsideZeroOne() {
        assertThrows(IllegalArgumentException.class, () -> new ExitPolicy(0, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> new ExitPolicy(1.01, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> new ExitPolicy(Double.NaN, 1, 6));
        assertEquals(1.0, new ExitPolicy(1.0, 1, 6).theta());
    }

    @Test
    void testRejectsPatienceBelowOneAndMinLayerOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new ExitPolicy(0.9, 0, 6));
        assertThrows(IllegalArgumentException.class, () -> new ExitPolicy(0.9, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExitPolicy(0.9, 1, 13).checkedFor(12));
        assertTrue(e.getMessage().contains("[1, 12]"));
    }

    @Test
    void testDefaultMinLayerIsHalfTheDepth() {
        assertEquals(6, ExitPolicy.defaultFor(12).minLayer());
        assertEquals(3, ExitPolicy.defaultFor(6).minLayer());
    }
}
