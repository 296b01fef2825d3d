package org.leap.tuning;

/**
 * What a window of sampled queries measured at one θ: how many, their mean NN@10 (the share of the full-depth top 10
 * the early-exit query finds), and their mean exit layer.
 */
public record TuningWindow(double theta, long samples, double meanNn10, double meanExitLayer) {

    public TuningWindow {
        if (samples < 0 || (samples > 0 && (meanNn10 < 0 || meanNn10 > 1))) {
            throw new IllegalArgumentException("a window needs samples >= 0 and NN@10 in [0, 1], got " + samples + " and " + meanNn10);
        }
    }

    /** The NN@10 lower confidence bound (Wilson, 95%). */
    public double lowerBound() {
        return Wilson.lowerBound(meanNn10, samples, Wilson.Z95);
    }
}
