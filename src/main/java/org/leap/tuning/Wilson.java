package org.leap.tuning;

/**
 * The Wilson score interval's lower bound for a mean of scores in [0, 1] (here NN@10 per query), treating each query
 * as one trial: the ten neighbours of a query are not independent, so counting them as ten trials would claim more
 * confidence than the samples hold.
 */
public final class Wilson {
    /** z of a two-sided 95% interval. */
    public static final double Z95 = 1.959964;

    private Wilson() {}

    /**
     * @param mean the mean score of the samples, in [0, 1]
     * @param n the number of samples
     * @return the lower bound, 0 without samples
     */
    public static double lowerBound(double mean, long n, double z) {
        if (n <= 0) {
            return 0;
        }
        if (mean < 0 || mean > 1 || Double.isNaN(mean)) {
            throw new IllegalArgumentException("a mean score must be in [0, 1], got " + mean);
        }
        double z2 = z * z;
        double centre = mean + z2 / (2 * n);
        double spread = z * Math.sqrt(mean * (1 - mean) / n + z2 / (4.0 * n * n));
        return Math.max(0, (centre - spread) / (1 + z2 / n));
    }
}
