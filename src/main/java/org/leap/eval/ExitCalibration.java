package org.leap.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;
import org.leap.model.ExitCurve;
import org.leap.model.ExitThresholds;

/**
 * Computes a model's {@link ExitThresholds} from traced held-out text: at each layer l the threshold is the lowest
 * theta_l such that the rows whose stability {@code cos(p_l, p_{l-k})} reaches it sit, on average, at least
 * {@code target} from their own final layer. A layer where no threshold achieves that (or fewer than {@code minRows}
 * rows would exit) gets none and never exits. On an exit-incompatible model this refuses to exit early instead of
 * converging falsely. The layers' {@link ExitCurve curves} are kept with the thresholds, so that a node can move the
 * target without the held-out text.
 */
public final class ExitCalibration {
    private ExitCalibration() {}

    public static ExitThresholds calibrate(List<Embedding> traced, ExitPolicy policy, double target, int minRows, String heldOut) {
        ExitThresholds.checkTarget(target);
        if (traced.isEmpty() || traced.get(0).trace() == null) {
            throw new IllegalArgumentException("calibration needs traced rows of held-out text");
        }
        int layers = traced.get(0).trace().length;
        Map<Integer, ExitCurve> curves = new TreeMap<>();
        int n = traced.size();
        for (int layer = policy.firstCheckedLayer(); layer < layers; layer++) {
            double[] stabilities = new double[n];
            double[] toFinal = new double[n];
            for (int i = 0; i < n; i++) {
                float[][] t = traced.get(i).trace();
                stabilities[i] = VectorMath.cosine(t[layer - 1], t[layer - 1 - policy.patience()]);
                toFinal[i] = VectorMath.cosine(t[layer - 1], t[layers - 1]);
            }
            curves.put(layer, ExitCurve.of(stabilities, toFinal, minRows));
        }
        return ExitThresholds.fromCurves(target, policy.patience(), curves, heldOut);
    }
}
