package org.leap.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;
import org.leap.model.ExitThresholds;

/**
 * Computes a model's {@link ExitThresholds} from traced held-out text: at each layer l the threshold is the lowest
 * theta_l such that the rows whose stability {@code cos(p_l, p_{l-k})} reaches it sit, on average, at least
 * {@code target} from their own final layer. A layer where no threshold achieves that (or fewer than {@code minRows}
 * rows would exit) gets none and never exits. On an exit-incompatible model this refuses to exit early instead of
 * converging falsely.
 */
public final class ExitCalibration {
    private ExitCalibration() {}

    public static ExitThresholds calibrate(List<Embedding> traced, ExitPolicy policy, double target, int minRows, String heldOut) {
        if ((target > 0 && target <= 1) == false) {
            throw new IllegalArgumentException("calibration target must be in (0, 1], got " + target);
        }
        if (traced.isEmpty() || traced.get(0).trace() == null) {
            throw new IllegalArgumentException("calibration needs traced rows of held-out text");
        }
        int layers = traced.get(0).trace().length;
        Map<Integer, Double> thetas = new TreeMap<>();
        int n = traced.size();
        for (int layer = policy.firstCheckedLayer(); layer < layers; layer++) {
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                float[][] t = traced.get(i).trace();
                rows[i] = new double[] { VectorMath.cosine(t[layer - 1], t[layer - 1 - policy.patience()]),
                    VectorMath.cosine(t[layer - 1], t[layers - 1]) };
            }
            Arrays.sort(rows, (a, b) -> Double.compare(b[0], a[0]));
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += rows[i][1];
                boolean tieFollows = i + 1 < n && rows[i + 1][0] == rows[i][0];
                if (i + 1 >= minRows && tieFollows == false && sum / (i + 1) >= target && rows[i][0] > 0) {
                    thetas.put(layer, rows[i][0]);
                }
            }
        }
        return new ExitThresholds(target, policy.patience(), thetas, heldOut);
    }
}
