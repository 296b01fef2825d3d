package org.leap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ExitCurveTests {
    private static final int ROWS = 3000;
    private static final int MIN_ROWS = 20;

    /** Held-out rows where a higher stability tends to sit closer to the final layer, with noise. */
    private static double[][] rows(long seed) {
        Random random = new Random(seed);
        double[] stabilities = new double[ROWS];
        double[] toFinal = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            stabilities[i] = 0.80 + 0.2 * random.nextDouble();
            toFinal[i] = Math.min(1, 0.5 + 0.45 * (stabilities[i] - 0.8) / 0.2 + 0.1 * random.nextGaussian());
        }
        return new double[][] { stabilities, toFinal };
    }

    /** The rule with every row: the lowest stability whose rows (at least MIN_ROWS, ties together) keep the target. */
    private static double exact(double[] stabilities, double[] toFinal, double target) {
        double best = Double.NaN;
        for (double s : stabilities) {
            int n = 0;
            double sum = 0;
            for (int i = 0; i < stabilities.length; i++) {
                if (stabilities[i] >= s) {
                    n++;
                    sum += toFinal[i];
                }
            }
            if (n >= MIN_ROWS && sum / n >= target && (Double.isNaN(best) || s < best)) {
                best = s;
            }
        }
        return best;
    }

    private static double meanAtOrAbove(double[] stabilities, double[] toFinal, double s) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < stabilities.length; i++) {
            if (stabilities[i] >= s) {
                sum += toFinal[i];
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void testThresholdKeepsTheTargetAndIsWithinOneGrainOfTheRuleOverEveryRow() {
        double[][] rows = rows(7);
        ExitCurve curve = ExitCurve.of(rows[0], rows[1], MIN_ROWS);
        assertTrue(curve.points().size() < 600, "a curve keeps few points: " + curve.points().size());
        int derived = 0;
        for (double target = 0.70; target <= 0.96; target += 0.0037) {
            double theta = curve.threshold(target);
            double exact = exact(rows[0], rows[1], target);
            if (Double.isNaN(exact)) {
                assertTrue(Double.isNaN(theta), "no threshold where no rows keep " + target);
                continue;
            }
            derived++;
            assertTrue(theta >= exact, "never earlier exits than the rule: " + theta + " < " + exact + " at " + target);
            assertTrue(meanAtOrAbove(rows[0], rows[1], theta) >= target, "the rows it lets out keep the target " + target);
            double exactOneGrainUp = exact(rows[0], rows[1], target + ExitCurve.GRAIN);
            assertTrue(Double.isNaN(exactOneGrainUp) || theta <= exactOneGrainUp, "no later than the rule one grain up, at " + target);
        }
        assertTrue(derived > 30, "the targets tried reach the curve: " + derived);
    }

    @Test
    void testHigherTargetNeverExitsEarlier() {
        double[][] rows = rows(11);
        ExitThresholds low = ExitThresholds.fromCurves(0.80, 1, Map.of(7, ExitCurve.of(rows[0], rows[1], MIN_ROWS)), "test");
        ExitThresholds high = low.atTarget(0.90);
        assertEquals(0.90, high.target());
        assertTrue(high.thetaAt(7) > low.thetaAt(7), high.thetaAt(7) + " vs " + low.thetaAt(7));
        assertTrue(Double.isNaN(low.atTarget(0.999).thetaAt(7)), "no rows keep 0.999: the layer never exits");
        assertEquals(low, high.atTarget(0.80), "moving back gives the same thresholds");
    }

    @Test
    void testTiedStabilitiesExitTogether() {
        double[] stabilities = { 0.99, 0.99, 0.99, 0.90 };
        double[] toFinal = { 1.0, 1.0, 0.7, 0.5 };
        ExitCurve curve = ExitCurve.of(stabilities, toFinal, 1);
        // 0.99 lets out three rows at mean 0.9; a cut inside the tie (two rows at mean 1.0) is no threshold
        assertEquals(0.99, curve.threshold(0.90));
        assertTrue(Double.isNaN(curve.threshold(0.95)));
    }

    @Test
    void testCosinesRoundedAboveOneAreTiesAtOne() {
        ExitCurve curve = ExitCurve.of(new double[] { 1.0000001, 1.0000002, 0.9 }, new double[] { 1.0, 0.99, 0.5 }, 1);
        assertEquals(1.0, curve.threshold(0.99));
        assertEquals(1, curve.points().stream().filter(p -> p.stability() == 1.0).count());
    }

    @Test
    void testRefusesThresholdsThatDoNotFollowFromTheCurves() {
        Map<Integer, ExitCurve> curves = Map.of(7, new ExitCurve(List.of(new ExitCurve.Point(0.9, 0.9), new ExitCurve.Point(0.95, 0.96))));
        assertEquals(Map.of(7, 0.95), ExitThresholds.fromCurves(0.95, 1, curves, null).thetas());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExitThresholds(0.95, 1, Map.of(7, 0.9),
            null, curves));
        assertTrue(e.getMessage().contains("recalibrate"), e.getMessage());
    }

    @Test
    void testRefusesPointsOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> new ExitCurve(List.of(new ExitCurve.Point(0.95, 0.9), new ExitCurve.Point(
            0.9, 0.96))));
        assertThrows(IllegalArgumentException.class, () -> new ExitCurve(List.of(new ExitCurve.Point(0.9, 0.96), new ExitCurve.Point(
            0.95, 0.9))));
    }

    @Test
    void testThresholdsWithoutCurvesCannotMove() {
        ExitThresholds alone = new ExitThresholds(0.95, 1, Map.of(7, 0.97), null);
        assertFalse(alone.hasCurves());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> alone.atTarget(0.9));
        assertTrue(e.getMessage().contains("leap calibrate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExitThresholds.fromCurves(1.2, 1, Map.of(), null));
    }
}
