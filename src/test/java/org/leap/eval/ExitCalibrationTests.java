package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;

class ExitCalibrationTests {
    private static float[] unit(double angle) {
        return new float[] { (float) Math.cos(angle), (float) Math.sin(angle) };
    }

    /** A 4-layer row: layers 2 and 3 agree closely, layer 3 sits {@code gap} radians from the final layer. */
    private static Embedding row(double gap) {
        float[][] t = { unit(gap + 1.0), unit(gap + 0.01), unit(gap), unit(0) };
        return new Embedding(t[3], 4, false, t);
    }

    @Test
    void testFalselyConvergedLayerNeverExits() {
        List<Embedding> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(row(0.8));
        }
        ExitCalibration c = ExitCalibration.calibrate(rows, new ExitPolicy(0.95, 1, 3), 0.95, 10);
        assertTrue(Double.isNaN(c.thetas()[2]));
        rows.forEach(r -> assertEquals(4, c.exitLayer(r.trace())));
    }

    @Test
    void testLayerCloseToFinalExitsAtCalibratedThreshold() {
        List<Embedding> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(row(0.05));
        }
        ExitCalibration c = ExitCalibration.calibrate(rows, new ExitPolicy(0.95, 1, 3), 0.95, 10);
        assertEquals(Math.cos(0.01), c.thetas()[2], 1e-6);
        rows.forEach(r -> assertEquals(3, c.exitLayer(r.trace())));
    }
}
