package org.leap.tuning;

/**
 * The lower confidence bound the θ controller decides on: one-sided, 95%, for the mean of per-query scores in [0, 1]
 * (NN@10), from the scores' own spread. Each query is one observation: the ten neighbours of a query are not
 * independent, so counting them as ten would claim more confidence than the samples hold.
 *
 * <p>The interval is Agresti and Coull's "add z² pseudo-observations" one (z²/2 scores of 0 and z²/2 of 1), with the
 * variance of the scores themselves in place of p(1 − p). For 0/1 scores it is exactly Agresti–Coull. For NN@10, whose
 * scores sit mostly at 0.9 and 1.0, the variance of the scores is a fraction of the mean's p(1 − p), which a Wilson
 * interval on the mean would assume: measured on leap-bge-small at θ 0.987, a window of 170 queries at mean 0.935
 * had a Wilson bound of 0.888, far under a mean 0.035 above the target. The pseudo-observations keep a window whose
 * every score is 1 from claiming certainty (its bound is near 1 − z²/n, as Wilson's).
 */
public final class ScoreBound {
    /** z of a one-sided 95% bound. */
    public static final double Z95_ONE_SIDED = 1.644854;

    private ScoreBound() {}

    /**
     * @param n the number of scores
     * @param mean their mean, in [0, 1]
     * @param meanSquare the mean of their squares, in [mean², mean]
     * @return the lower bound, 0 without scores
     */
    public static double lowerBound(long n, double mean, double meanSquare, double z) {
        if (n <= 0) {
            return 0;
        }
        if ((mean >= 0 && mean <= 1) == false || (meanSquare >= 0 && meanSquare <= 1) == false) {
            throw new IllegalArgumentException("scores must be in [0, 1], got a mean of " + mean + " and a mean square of " + meanSquare);
        }
        double z2 = z * z;
        double count = n + z2;
        double adjustedMean = (n * mean + z2 / 2) / count;
        double adjustedSquare = (n * meanSquare + z2 / 2) / count;
        double variance = Math.max(0, adjustedSquare - adjustedMean * adjustedMean);
        return Math.max(0, adjustedMean - z * Math.sqrt(variance / count));
    }
}
