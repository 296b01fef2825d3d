package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Data order: full batches, each epoch a permutation, sorted chunks, and the same order again from the same seed; under
 * a token budget, batches of long texts with fewer rows, never fewer than two.
 */
class BatchScheduleTests {
    private static int[] lengths(int n) {
        Random random = new Random(7);
        return random.ints(n, 3, 64).toArray();
    }

    @Test
    void testEachEpochCoversDistinctSentencesInFullBatches() {
        BatchSchedule schedule = new BatchSchedule(lengths(1000), 32, 512, 1);
        assertEquals(31, schedule.batchesInEpoch(0));
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
        for (int s = 0; s < schedule.batchesInEpoch(0); s++) {
            int[] rows = schedule.batch(s);
            spread += Arrays.stream(rows).map(r -> lengths[r]).max().orElseThrow() - Arrays.stream(rows).map(r -> lengths[r]).min().orElseThrow();
        }
        // lengths are uniform on [3, 64); a random batch of 32 spans about 57; sorted chunks of 512 about 4
        assertTrue(spread / schedule.batchesInEpoch(0) < 10, "mean spread " + spread / schedule.batchesInEpoch(0));
    }

    @Test
    void testTokenBudgetGivesLongBatchesFewerRowsButAtLeastTwo() {
        // sentences of 8-40 tokens and passages of 200-256, as a mixed run has them
        Random random = new Random(11);
        int[] lengths = IntStream.range(0, 3000).map(i -> i % 3 == 0 ? random.nextInt(200, 257) : random.nextInt(8, 41)).toArray();
        BatchSchedule schedule = new BatchSchedule(lengths, 32, 2048, 512, 5);
        int batches = schedule.batchesInEpoch(0);
        Set<Integer> seen = new HashSet<>();
        int mostRowsOfLong = 0;
        int mostRowsOfShort = 0;
        for (int step = 0; step < batches; step++) {
            int[] batch = schedule.batch(step);
            int longest = Arrays.stream(batch).map(r -> lengths[r]).max().orElseThrow();
            assertTrue(batch.length >= 2 && batch.length <= 32, "rows " + batch.length);
            assertTrue(batch.length * longest <= 2048, batch.length + " rows of up to " + longest + " tokens");
            Arrays.stream(batch).forEach(r -> assertTrue(seen.add(r), "row " + r + " twice in one epoch"));
            if (longest >= 200) {
                mostRowsOfLong = Math.max(mostRowsOfLong, batch.length);
            } else {
                mostRowsOfShort = Math.max(mostRowsOfShort, batch.length);
            }
        }
        assertEquals(10, mostRowsOfLong, "2048 / 200 tokens");
        assertEquals(32, mostRowsOfShort, "short batches are capped by batch_size");
        // at most one lone row per chunk of 512 waits for the next epoch
        assertTrue(seen.size() >= 3000 - 6, "rows seen " + seen.size());
    }

    @Test
    void testTokenBudgetScheduleResumesAtAnyStep() {
        int[] lengths = lengths(700);
        BatchSchedule straight = new BatchSchedule(lengths, 16, 256, 128, 9);
        BatchSchedule resumed = new BatchSchedule(lengths, 16, 256, 128, 9);
        long step = straight.batchesInEpoch(0) + straight.batchesInEpoch(1) + 3;
        int[] jumped = resumed.batch(step);
        for (long s = 0; s < step; s++) {
            straight.batch(s);
        }
        assertArrayEquals(straight.batch(step), jumped);
        assertArrayEquals(new BatchSchedule(lengths, 16, 256, 128, 9).batch(0), resumed.batch(0), "and back to the start");
    }

    @Test
    void testRejectsTokenBudgetBelowTwoRowsOfTheLongestText() {
        String message = assertThrows(IllegalArgumentException.class,
            () -> new BatchSchedule(new int[] { 10, 300, 20 }, 2, 512, 64, 1)).getMessage();
        assertTrue(message.contains("fewer than 2 rows") && message.contains("300"), message);
    }
}
