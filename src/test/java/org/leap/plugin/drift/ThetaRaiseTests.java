package org.leap.plugin.drift;

import org.opensearch.test.OpenSearchTestCase;

/** Auto-raise goes up one step, stops at its bound, and keeps theta free of float noise. */
public class ThetaRaiseTests extends OpenSearchTestCase {
    public void testRaisesByOneStep() {
        assertEquals(0.51, new ThetaRaise(0.01, 0.99).next(0.5).getAsDouble(), 0);
    }

    public void testStepsDoNotAccumulateFloatNoise() {
        ThetaRaise raise = new ThetaRaise(0.01, 0.99);
        double theta = 0.9;
        for (int i = 0; i < 5; i++) {
            theta = raise.next(theta).getAsDouble();
        }
        assertEquals(0.95, theta, 0);
    }

    public void testStopsAtTheBound() {
        ThetaRaise raise = new ThetaRaise(0.05, 0.99);
        assertEquals(0.99, raise.next(0.97).getAsDouble(), 0);
        assertTrue(raise.next(0.99).isEmpty());
        assertTrue("theta 1 (never exits) is above the bound: left alone", raise.next(1.0).isEmpty());
    }

    public void testRefusesBadStepOrBound() {
        expectThrows(IllegalArgumentException.class, () -> new ThetaRaise(0, 0.99));
        expectThrows(IllegalArgumentException.class, () -> new ThetaRaise(0.01, 1.2));
    }
}
