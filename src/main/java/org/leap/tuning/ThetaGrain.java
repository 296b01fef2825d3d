package org.leap.tuning;

/**
 * The finest θ the controller sets and tells apart: ten-thousandths. NN@10 can fall by 0.04 between two θ a thousandth
 * apart (leap-bge-small on SciFact claims: 0.944 at θ 0.987, 0.903 at 0.986), so a target met within 0.02 needs θ
 * finer than that. θ is kept as a whole number of grains wherever it is a key (a θ that fell short, the evidence of a
 * θ), so that 0.95 set by hand and 0.95 reached by steps are one θ, and steps do not accumulate float error.
 */
public final class ThetaGrain {
    /** Grains in one unit of θ. */
    public static final int PER_UNIT = 10_000;

    private ThetaGrain() {}

    /** θ as a whole number of grains. */
    public static long key(double theta) {
        return Math.round(theta * PER_UNIT);
    }

    /** The θ a whole number of grains stands for. */
    public static double theta(long key) {
        return key / (double) PER_UNIT;
    }

    /** θ rounded to the grain. */
    public static double round(double theta) {
        return theta(key(theta));
    }
}
