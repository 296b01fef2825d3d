package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.ExitRule;
import org.leap.model.ExitThresholds;

class ExitCalibrationTests {
    private static final ExitPolicy POLICY = new ExitPolicy(0.95, 1, 3);

    private static float[] unit(double angle) {
        return new float[] { (float) Math.cos(angle), (float) Math.sin(angle) };
    }

    /** A 4-layer row: layers 2 and 3 agree closely, layer 3 sits {@code gap} radians from the final layer. */
    private static Embedding row(double gap) {
        float[][] t = { unit(gap + 1.0), unit(gap + 0.01), unit(gap), unit(0) };
        return new Embedding(t[3], 4, false, t);
    }

    private static List<Embedding> rows(double gap) {
        List<Embedding> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(row(gap));
        }
        return rows;
    }

    @Test
    void testFalselyConvergedLayerNeverExits() {
        List<Embedding> rows = rows(0.8);
        ExitThresholds t = ExitCalibration.calibrate(rows, POLICY, 0.95, 10, "test");
        assertTrue(Double.isNaN(t.thetaAt(3)));
        ExitPolicy calibrated = POLICY.withCalibration(t);
        rows.forEach(r -> assertEquals(4, ExitRule.exitLayer(calibrated, r.trace())));
        // the global rule at the same theta exits all of them at layer 3: the false convergence calibration refuses
        rows.forEach(r -> assertEquals(3, ExitRule.exitLayer(POLICY, r.trace())));
    }

    @Test
    void testLayerCloseToFinalExitsAtCalibratedThreshold() {
        List<Embedding> rows = rows(0.05);
        ExitThresholds t = ExitCalibration.calibrate(rows, POLICY, 0.95, 10, "test");
        assertEquals(Math.cos(0.01), t.thetaAt(3), 1e-6);
        ExitPolicy calibrated = POLICY.withCalibration(t);
        rows.forEach(r -> assertEquals(3, ExitRule.exitLayer(calibrated, r.trace())));
    }

    @Test
    void testRefusesThresholdsOfAnotherPatience() {
        ExitThresholds k2 = new ExitThresholds(0.95, 2, Map.of(6, 0.97), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> POLICY.withCalibration(k2));
        assertTrue(e.getMessage().contains("patience (k) 2"), e.getMessage());
    }

    @Test
    void testRefusesThresholdOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new ExitThresholds(0.95, 1, Map.of(6, 1.5), null));
        assertThrows(IllegalArgumentException.class, () -> new ExitThresholds(0.95, 1, Map.of(0, 0.9), null));
    }
}
