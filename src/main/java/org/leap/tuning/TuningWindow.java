package org.leap.tuning;

/**
 * What a window of sampled queries measured at one θ: how many, how many it can hold (a window that holds fewer can
 * still gather evidence, and its bound tighten), their mean NN@10 (the share of the full-depth top 10 the early-exit query finds) and the
 * mean of its squares (its spread, for the bound), and their mean exit layer.
 */
public record TuningWindow(double theta, long samples, long capacity, double meanNn10, double meanSquareNn10, double meanExitLayer) {

    public TuningWindow {
        if (samples < 0 || capacity < 1 || (samples > 0 && (meanNn10 < 0 || meanNn10 > 1 || meanSquareNn10 < 0 || meanSquareNn10 > 1))) {
            throw new IllegalArgumentException("a window needs samples >= 0, a capacity >= 1 and NN@10 in [0, 1], got " + samples + ", "
                + capacity + ", " + meanNn10 + " and a mean square of " + meanSquareNn10);
        }
    }

    /** The NN@10 lower confidence bound (one-sided, 95%, from the scores' spread: {@link ScoreBound}). */
    public double lowerBound() {
        return ScoreBound.lowerBound(samples, meanNn10, meanSquareNn10, ScoreBound.Z95_ONE_SIDED);
    }

    /**
     * The bound the window would have full, with the same mean and spread: what waiting for samples can reach at best.
     * Below the target, waiting cannot prove it.
     */
    public double lowerBoundWhenFull() {
        return ScoreBound.lowerBound(Math.max(samples, capacity), meanNn10, meanSquareNn10, ScoreBound.Z95_ONE_SIDED);
    }
}
