package org.leap.eval;

import java.util.Arrays;
import java.util.List;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;

/**
 * Per-layer exit thresholds calibrated on held-out text, beyond the paper's single theta: at each layer l the threshold
 * is the lowest theta_l such that the rows whose stability {@code cos(p_l, p_{l-k})} reaches it sit, on average, at
 * least {@code target} from their own final layer. A layer where no threshold achieves that (or fewer than
 * {@code minRows} rows would exit) never exits. On an exit-incompatible model this refuses to exit early instead of
 * converging falsely.
 *
 * @param thetas {@code thetas[l - 1]} is layer l's threshold; NaN means the layer never exits
 */
public record ExitCalibration(ExitPolicy policy, double target, double[] thetas) {

    public static ExitCalibration calibrate(List<Embedding> traced, ExitPolicy policy, double target, int minRows) {
        if ((target > 0 && target <= 1) == false) {
            throw new IllegalArgumentException("calibration target must be in (0, 1], got " + target);
        }
        int layers = traced.get(0).trace().length;
        double[] thetas = new double[layers];
        Arrays.fill(thetas, Double.NaN);
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
                if (i + 1 >= minRows && tieFollows == false && sum / (i + 1) >= target) {
                    thetas[layer - 1] = rows[i][0];
                }
            }
        }
        return new ExitCalibration(policy, target, thetas);
    }

    /** The exit layer of one traced row under the calibrated thresholds (L when none fires). */
    public int exitLayer(float[][] pooled) {
        int layers = pooled.length;
        for (int layer = policy.firstCheckedLayer(); layer < layers; layer++) {
            double theta = thetas[layer - 1];
            if (Double.isNaN(theta) == false
                && VectorMath.cosine(pooled[layer - 1], pooled[layer - 1 - policy.patience()]) >= theta) {
                return layer;
            }
        }
        return layers;
    }
}
