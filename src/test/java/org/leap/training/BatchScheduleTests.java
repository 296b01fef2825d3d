package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Data order: full batches, each epoch a permutation, sorted chunks, and the same order again from the same seed. */
class BatchScheduleTests {
    private static int[] lengths(int n) {
        Random random = new Random(7);
        return random.ints(n, 3, 64).toArray();
    }

    @Test
    void testEachEpochCoversDistinctSentencesInFullBatches() {
        BatchSchedule schedule = new BatchSchedule(lengths(1000), 32, 512, 1);
        assertEquals(31, schedule.batchesPerEpoch());
        Set<Integer> seen = new HashSet<>();
        for (int step = 0; step < 31; step++) {
            int[] batch = schedule.batch(step);
            assertEquals(32, batch.length);
            Arrays.stream(batch).forEach(r -> assertTrue(seen.add(r), "row " + r + " twice in one epoch"));
        }
    }

    @Test
    void testSameSeedGivesSameOrderAndOtherSeedAnother() {
        int[] lengths = lengths(300);
        BatchSchedule a = new BatchSchedule(lengths, 16, 64, 42);
        BatchSchedule b = new BatchSchedule(lengths, 16, 64, 42);
        BatchSchedule c = new BatchSchedule(lengths, 16, 64, 43);
        // b jumps straight to step 40 (epoch 2), as a resumed run does
        assertArrayEquals(a.batch(0), b.batch(0));
        for (int s = 1; s <= 40; s++) {
            a.batch(s);
        }
        assertArrayEquals(a.batch(40), b.batch(40));
        assertTrue(Arrays.equals(a.batch(0), c.batch(0)) == false);
    }

    @Test
    void testBatchesHoldSentencesOfSimilarLength() {
        int[] lengths = lengths(4096);
        BatchSchedule schedule = new BatchSchedule(lengths, 32, 512, 3);
        double spread = 0;
        for (int s = 0; s < schedule.batchesPerEpoch(); s++) {
            int[] rows = schedule.batch(s);
            spread += Arrays.stream(rows).map(r -> lengths[r]).max().orElseThrow() - Arrays.stream(rows).map(r -> lengths[r]).min().orElseThrow();
        }
        // lengths are uniform on [3, 64); a random batch of 32 spans about 57; sorted chunks of 512 about 4
        assertTrue(spread / schedule.batchesPerEpoch() < 10, "mean spread " + spread / schedule.batchesPerEpoch());
    }
}
