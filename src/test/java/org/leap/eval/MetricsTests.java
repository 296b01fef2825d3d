package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetricsTests {
    @Test
    void testStsSpearmanRanksPairCosinesAgainstScores() {
        StsDataset sts = new StsDataset(List.of(new StsDataset.Pair(5, "a", "b"), new StsDataset.Pair(1, "c", "d"),
            new StsDataset.Pair(3, "e", "f")));
        // cosines 1.0, 0.0 and 0.6: the same order as the scores
        float[][] agree = { {1, 0}, {1, 0}, {1, 0}, {0, 1}, {1, 0}, {0.6f, 0.8f} };
        assertEquals(1.0, sts.spearman(agree), 1e-12);
        float[][] reversed = { {1, 0}, {0, 1}, {1, 0}, {1, 0}, {1, 0}, {0.6f, 0.8f} };
        assertEquals(-1.0, sts.spearman(reversed), 1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> sts.spearman(new float[2][]));
    }

    @Test
    void testSpearmanOfMonotoneSeriesIsOne() {
        assertEquals(1.0, Spearman.correlation(new double[] { 1, 2, 3, 4 }, new double[] { 10, 20, 35, 100 }), 1e-12);
        assertEquals(-1.0, Spearman.correlation(new double[] { 1, 2, 3, 4 }, new double[] { 4, 3, 2, 1 }), 1e-12);
    }

    @Test
    void testSpearmanAveragesTiedRanks() {
        assertArrayEquals(new double[] { 1, 2.5, 2.5, 4 }, Spearman.ranks(new double[] { 1, 5, 5, 9 }), 1e-12);
        // hand-computed: ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4) -> pearson = 4.5 / sqrt(4.5 * 5)
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Spearman.correlation(new double[] { 1, 5, 5, 9 }, new double[] { 1, 2, 3, 4 }), 1e-12);
    }

    @Test
    void testNdcgOfPerfectAndReversedRanking() {
        Map<String, Integer> rel = Map.of("a", 2, "b", 1);
        assertEquals(1.0, Ndcg.atK(List.of("a", "b", "c"), rel, 10), 1e-12);
        double dcg = 1 / (Math.log(2) / Math.log(2)) + 2 / (Math.log(3) / Math.log(2));
        double ideal = 2 + 1 / (Math.log(3) / Math.log(2));
        assertEquals(dcg / ideal, Ndcg.atK(List.of("b", "a"), rel, 10), 1e-12);
        assertEquals(0.0, Ndcg.atK(List.of("x", "y"), rel, 10), 1e-12);
    }

    @Test
    void testNeighborOverlapCountsSharedIds() {
        assertEquals(0.5, NeighborOverlap.overlap(new int[] { 1, 2, 3, 4 }, new int[] { 4, 3, 9, 8 }, 4), 1e-12);
        assertEquals(1.0, NeighborOverlap.overlap(new int[] { 5, 6 }, new int[] { 6, 5 }, 2), 1e-12);
    }

    @Test
    void testTopKSkipsTheItemItselfAndSortsBestFirst() {
        float[] scores = { 1.0f, 0.2f, 0.9f, 0.5f };
        assertArrayEquals(new int[] { 2, 3 }, NeighborOverlap.topK(scores, 0, 4, 2, 0));
        assertArrayEquals(new int[] { 0, 2, 3 }, NeighborOverlap.topK(scores, 0, 4, 3, -1));
    }
}
