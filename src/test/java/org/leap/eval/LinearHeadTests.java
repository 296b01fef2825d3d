package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.leap.encoder.VectorMath;

/** The ridge head recovers a linear map it was fitted on, and does no better than chance on noise. */
class LinearHeadTests {
    @Test
    void recoversALinearMap() {
        Random random = new Random(7);
        int dim = 8;
        // a signed permutation: orthogonal, so the unit targets the head is fitted on are a linear function of the inputs
        float[][] map = new float[dim][dim];
        for (int i = 0; i < dim; i++) {
            map[i][(i * 3 + 1) % dim] = i % 2 == 0 ? 1 : -1;
        }
        float[][] x = new float[500][dim];
        float[][] y = new float[500][dim];
        for (int n = 0; n < x.length; n++) {
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                x[n][i] = (float) random.nextGaussian();
                norm += x[n][i] * x[n][i];
            }
            for (int i = 0; i < dim; i++) {
                x[n][i] /= (float) Math.sqrt(norm);
            }
            for (int j = 0; j < dim; j++) {
                for (int i = 0; i < dim; i++) {
                    y[n][j] += x[n][i] * map[i][j];
                }
            }
        }
        LinearHead head = LinearHead.fit(x, y, 1e-6);
        float[] probe = { 0.3f, -0.2f, 0.5f, 0.1f, 0f, -0.4f, 0.2f, 0.6f };
        float[] expected = new float[dim];
        double norm = Math.sqrt(VectorMath.dot(probe, probe));
        for (int j = 0; j < dim; j++) {
            for (int i = 0; i < dim; i++) {
                expected[j] += probe[i] / norm * map[i][j];
            }
        }
        assertEquals(1.0, VectorMath.cosine(head.apply(probe), expected), 1e-4);
    }

    @Test
    void aPenaltyShrinksTheMap() {
        float[][] x = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        float[][] y = { { 2, 0 }, { 0, 2 }, { 2, 2 } };
        float[] free = LinearHead.fit(x, y, 1e-9).apply(new float[] { 1, 0 });
        float[] shrunk = LinearHead.fit(x, y, 100).apply(new float[] { 1, 0 });
        assertTrue(Math.abs(shrunk[0]) < Math.abs(free[0]), free[0] + " vs " + shrunk[0]);
    }
}
