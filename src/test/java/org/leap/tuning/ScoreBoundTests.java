package org.leap.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The controller's NN@10 lower bound: Agresti–Coull for 0/1 scores, tighter for scores that spread less, and honest. */
class ScoreBoundTests {
    private static final double Z = ScoreBound.Z95_ONE_SIDED;

    @Test
    void forScoresOfZeroOrOneItIsAgrestiCoull() {
        long n = 170;
        double successes = 159;
        double p = (successes + Z * Z / 2) / (n + Z * Z);
        double agrestiCoull = p - Z * Math.sqrt(p * (1 - p) / (n + Z * Z));
        double mean = successes / n;
        assertEquals(agrestiCoull, ScoreBound.lowerBound(n, mean, mean, Z), 1e-12);
    }

    @Test
    void scoresThatSpreadLessGiveATighterBound() {
        // 65% of the queries find all ten neighbours, 35% nine of ten: mean 0.965, against the same mean from 0/1 scores
        double mean = 0.65 + 0.35 * 0.9;
        double meanSquare = 0.65 + 0.35 * 0.81;
        double spread = ScoreBound.lowerBound(170, mean, meanSquare, Z);
        double widest = ScoreBound.lowerBound(170, mean, mean, Z);
        assertTrue(spread > widest + 0.01 && spread < mean, spread + " against " + widest);
    }

    @Test
    void aWindowOfPerfectScoresIsNotCertain() {
        double bound = ScoreBound.lowerBound(100, 1, 1, Z);
        assertTrue(bound < 0.99 && bound > 0.95, "bound " + bound);
        assertTrue(ScoreBound.lowerBound(1_000, 1, 1, Z) > bound);
        assertEquals(0, ScoreBound.lowerBound(0, 0.9, 0.81, Z));
    }

    /**
     * Windows of 100 NN@10 scores drawn from a fixed distribution whose true mean is known: a 95% lower bound lies above
     * that mean in at most 5% of windows, and (being tight) lies close under it.
     */
    @Test
    void theBoundLiesAboveTheTrueMeanInAtMostFivePercentOfWindowsAndCloseUnderIt() {
        double[] scores = { 1.0, 0.9, 0.8, 0.5, 0.2 };
        double[] odds = { 0.60, 0.22, 0.10, 0.05, 0.03 };
        double trueMean = 0;
        for (int i = 0; i < scores.length; i++) {
            trueMean += scores[i] * odds[i];
        }
        Random random = new Random(15);
        int windows = 4_000;
        int above = 0;
        double gap = 0;
        for (int w = 0; w < windows; w++) {
            double sum = 0;
            double sumSquares = 0;
            for (int i = 0; i < 100; i++) {
                double u = random.nextDouble();
                int k = 0;
                while (u > odds[k] && k < odds.length - 1) {
                    u -= odds[k++];
                }
                sum += scores[k];
                sumSquares += scores[k] * scores[k];
            }
            double bound = ScoreBound.lowerBound(100, sum / 100, sumSquares / 100, Z);
            above += bound > trueMean ? 1 : 0;
            gap += (trueMean - bound) / windows;
        }
        double share = above / (double) windows;
        assertTrue(share <= 0.05, "share of windows whose bound is above the true mean: " + share);
        // the scores' standard deviation is 0.17, so 1.645 standard errors of a mean of 100 are 0.028, and the
        // pseudo-observations pull the mean about 0.013 further down; a Wilson bound on the mean sits about 0.06 under it
        assertTrue(gap < 0.05, "mean distance of the bound under the true mean: " + gap);
    }

    @Test
    void scoresOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScoreBound.lowerBound(10, 1.2, 1, Z));
        assertThrows(IllegalArgumentException.class, () -> ScoreBound.lowerBound(10, 0.5, Double.NaN, Z));
    }
}
