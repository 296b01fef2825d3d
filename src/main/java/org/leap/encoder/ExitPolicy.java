package org.leap.encoder;

import org.leap.model.ExitThresholds;
import org.leap.model.ModelDescriptor;

/**
 * The LEAP exit rule's knobs: after layer {@code l >= minLayer} (and {@code l > patience}), a row exits when
 * {@code cos(p_l, p_{l - patience}) >= theta}, or, under a calibrated policy, {@code >= theta_l} of the model's
 * {@link ExitThresholds}.
 *
 * @param theta similarity threshold in (0, 1] (the global policy's)
 * @param patience k, the lag between the two pooled vectors compared, at least 1
 * @param minLayer l_min, the first layer allowed to exit, at least 1
 * @param calibrated per-layer thresholds that replace theta, or null for the global policy
 */
public record ExitPolicy(double theta, int patience, int minLayer, ExitThresholds calibrated) {
    public static final double DEFAULT_THETA = 0.95;
    public static final int DEFAULT_PATIENCE = 1;

    public ExitPolicy {
        if ((theta > 0 && theta <= 1) == false) {
            throw new IllegalArgumentException("theta must be in (0, 1], got " + theta);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience (k) must be at least 1, got " + patience);
        }
        if (minLayer < 1) {
            throw new IllegalArgumentException("min layer (l_min) must be at least 1, got " + minLayer);
        }
        if (calibrated != null && calibrated.patience() != patience) {
            throw new IllegalArgumentException("the calibrated thresholds were computed for patience (k) " + calibrated.patience()
                + ", not " + patience + "; use k " + calibrated.patience() + " or the global exit policy");
        }
    }

    /** The global policy: one theta for every layer. */
    public ExitPolicy(double theta, int patience, int minLayer) {
        this(theta, patience, minLayer, null);
    }

    /** The threshold a row's stability must reach at this layer (NaN: the layer never exits). */
    public double thetaAt(int layer) {
        return calibrated == null ? theta : calibrated.thetaAt(layer);
    }

    /** This policy with calibrated thresholds in place of theta. */
    public ExitPolicy withCalibration(ExitThresholds thresholds) {
        return new ExitPolicy(theta, patience, minLayer, thresholds);
    }

    /** This policy with the thresholds stored in the model's descriptor; refused for a model that has none. */
    public ExitPolicy calibratedFor(ModelDescriptor model) {
        if (model.exitThresholds() == null) {
            throw new IllegalArgumentException("model [" + model.name() + "] has no calibrated exit thresholds (leap calibrate stores "
                + "them); use the global exit policy");
        }
        return withCalibration(model.exitThresholds());
    }

    /** The paper's defaults: theta 0.95, k 1, l_min L/2 (6 for 12 layers). */
    public static ExitPolicy defaultFor(int layers) {
        return new ExitPolicy(DEFAULT_THETA, DEFAULT_PATIENCE, Math.max(1, layers / 2));
    }

    /** @throws IllegalArgumentException when l_min or k does not fit a model of this depth */
    public ExitPolicy checkedFor(int layers) {
        if (minLayer > layers) {
            throw new IllegalArgumentException("min layer (l_min) must be in [1, " + layers + "] for this model, got " + minLayer);
        }
        if (patience >= layers) {
            throw new IllegalArgumentException("patience (k) must be below the model's " + layers + " layers, got " + patience);
        }
        return this;
    }

    /** The first layer whose check may fire. */
    public int firstCheckedLayer() {
        return Math.max(minLayer, patience + 1);
    }

    /** The global policy at another theta, with this policy's k and l_min (what a theta sweep replays). */
    public ExitPolicy withTheta(double newTheta) {
        return new ExitPolicy(newTheta, patience, minLayer, null);
    }
}
