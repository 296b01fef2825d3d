package org.leap.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which sentences make up the batch of a given step. Each epoch shuffles the corpus with a seed derived from the run's
 * seed and the epoch number, cuts it into chunks, sorts each chunk by token length (so a batch pads little) and
 * shuffles the batch order. A step's batch depends only on the seed and the step number, so a resumed run sees the
 * data a straight run would have seen, without saving any random state.
 *
 * <p>Every batch is full: the {@code size mod batchSize} sentences left over in an epoch wait for the next one (the
 * next shuffle puts others last).
 */
public final class BatchSchedule {
    private final int[] lengths;
    private final int batchSize;
    private final int chunk;
    private final long seed;
    private long cachedEpoch = -1;
    private List<int[]> cachedBatches;

    /**
     * @param lengths token length of each sentence
     * @param chunk sentences per sorting chunk; rounded down to whole batches
     */
    public BatchSchedule(int[] lengths, int batchSize, int chunk, long seed) {
        if (batchSize < 1 || chunk < batchSize) {
            throw new IllegalArgumentException("need 1 <= batch size <= chunk, got " + batchSize + " and " + chunk);
        }
        if (lengths.length < batchSize) {
            throw new IllegalArgumentException("the data holds " + lengths.length + " sentences, fewer than one batch of "
                + batchSize);
        }
        this.lengths = lengths.clone();
        this.batchSize = batchSize;
        this.chunk = chunk / batchSize * batchSize;
        this.seed = seed;
    }

    public int batchesPerEpoch() {
        return lengths.length / batchSize;
    }

    /** Row indices of the batch for a 0-based step. */
    public int[] batch(long step) {
        long epoch = step / batchesPerEpoch();
        if (epoch != cachedEpoch) {
            cachedBatches = epochBatches(epoch);
            cachedEpoch = epoch;
        }
        return cachedBatches.get((int) (step % batchesPerEpoch())).clone();
    }

    private List<int[]> epochBatches(long epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>(IntStream.range(0, lengths.length).boxed().toList());
        Collections.shuffle(order, random);
        order = order.subList(0, batchesPerEpoch() * batchSize);
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += chunk) {
            List<Integer> part = new ArrayList<>(order.subList(start, Math.min(order.size(), start + chunk)));
            part.sort(Comparator.comparingInt((Integer i) -> lengths[i]));
            for (int b = 0; b < part.size(); b += batchSize) {
                batches.add(part.subList(b, b + batchSize).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
