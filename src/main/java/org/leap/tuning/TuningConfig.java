package org.leap.tuning;

/**
 * What the controller aims at and how it moves, checked once here.
 *
 * @param setting what it moves (θ, or the calibration target), and within what range
 * @param target the NN@10 the lower bound must reach, in (0, 1]
 * @param step how far one decision moves the setting at first; it halves at each reversal
 * @param minSamples queries a window needs before a decision
 * @param margin how far above the target the bound must be before θ goes down (hysteresis)
 * @param memory decisions for which a θ that fell short is not tried again
 */
public record TuningConfig(TunedSetting setting, double target, double step, int minSamples, double margin, int memory) {
    public static final double DEFAULT_STEP = 0.01;
    /** The finest step: one {@link ThetaGrain grain}. */
    public static final double MIN_STEP = 1.0 / ThetaGrain.PER_UNIT;
    public static final int DEFAULT_MIN_SAMPLES = 100;
    public static final double DEFAULT_MARGIN = 0.02;
    public static final int DEFAULT_MEMORY = 10;

    public TuningConfig {
        require(setting != null, "a tuning configuration names the setting it moves");
        checkTarget(target);
        require(step >= MIN_STEP && step < 1, "[step] must be in [" + MIN_STEP + ", 1), got " + step);
        require(minSamples >= 1, "[min_samples] must be at least 1, got " + minSamples);
        require(margin >= 0 && target + margin <= 1, "[margin] must be >= 0 with target + margin <= 1, got " + margin);
        require(memory >= 0, "[memory] must be at least 0, got " + memory);
    }

    /** The defaults with this target. */
    public static TuningConfig forTarget(double target) {
        return of(target, DEFAULT_MIN_SAMPLES);
    }

    /** The defaults for θ with this target and this many samples per decision. */
    public static TuningConfig of(double target, int minSamples) {
        return of(TunedSetting.THETA, target, minSamples);
    }

    /** The defaults for this setting with this target and this many samples per decision; the margin shrinks near a target of 1. */
    public static TuningConfig of(TunedSetting setting, double target, int minSamples) {
        return new TuningConfig(setting, target, DEFAULT_STEP, minSamples, Math.min(DEFAULT_MARGIN, 1 - target), DEFAULT_MEMORY);
    }

    /** The one check of a target: NN@10 is a share, so a target is in (0, 1]. */
    public static void checkTarget(double target) {
        checkNn10("target_nn10", target);
    }

    /**
     * The one check of any NN@10 a setting asks for (a target, a floor): NN@10 is a share, and asking for 0 asks for
     * nothing, so it is in (0, 1].
     *
     * @param key the setting's name, for the message
     */
    public static void checkNn10(String key, double nn10) {
        require(nn10 > 0 && nn10 <= 1, "[" + key + "] must be in (0, 1], got " + nn10);
    }

    /** A value kept within the setting's range, rounded to the {@link ThetaGrain grain} so that steps do not accumulate float error. */
    double clamp(double value) {
        return ThetaGrain.round(Math.min(setting.max(), Math.max(setting.min(), value)));
    }

    private static void require(boolean ok, String message) {
        if (ok == false) {
            throw new IllegalArgumentException(message);
        }
    }
}
