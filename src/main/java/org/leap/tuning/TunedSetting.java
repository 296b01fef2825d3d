package org.leap.tuning;

import java.util.Locale;

/**
 * Which setting of a model the controller moves, with the range it moves it in. Under the global exit policy that is
 * θ; under the calibrated policy θ decides no exit, and the calibration target (the mean similarity to the final layer
 * an exit keeps on held-out text, from which each layer's threshold follows) takes its place. Both move the same way:
 * a higher value exits no earlier and keeps more of full depth, a lower one is cheaper. So one controller, one grain
 * ({@link ThetaGrain}) and one memory of values that fell short serve both.
 */
public enum TunedSetting {
    /** The global policy's θ, in [0.80, 0.99]: below 0.80 the models exit with little left of full depth. */
    THETA("θ", 0.80, 0.99),
    /**
     * The calibrated policy's target, in [0.80, 0.999]: above 0.999 no layer of a calibrated model lets a row out, below
     * 0.80 the exits keep too little.
     */
    CALIBRATION_TARGET("calibration target", 0.80, 0.999);

    private final String label;
    private final double min;
    private final double max;

    TunedSetting(String label, double min, double max) {
        this.label = label;
        this.min = min;
        this.max = max;
    }

    /** Its name in a reason an admin reads. */
    public String label() {
        return label;
    }

    /** The lowest value the controller sets. */
    public double min() {
        return min;
    }

    /** The highest value the controller sets. */
    public double max() {
        return max;
    }

    /** Its settings key: {@code theta} or {@code calibration_target}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting of this key. */
    public static TunedSetting ofKey(String key) {
        for (TunedSetting s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("a tuned setting is theta or calibration_target, got [" + key + "]");
    }
}
