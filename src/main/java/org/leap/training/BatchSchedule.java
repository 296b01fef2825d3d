package org.leap.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which texts make up the batch of a given step. Each epoch shuffles the corpus with a seed derived from the run's
 * seed and the epoch number, cuts it into chunks, sorts each chunk by token length (so a batch pads little) and
 * shuffles the batch order. A step's batch depends only on the seed and the step number, so a resumed run sees the
 * data a straight run would have seen, without saving any random state.
 *
 * <p>Without a token budget every batch holds {@code batchSize} rows: the {@code size mod batchSize} texts left over
 * in an epoch wait for the next one (the next shuffle puts others last).
 *
 * <p>With a token budget a batch holds at most {@code batchSize} rows and at most {@code tokenBudget} tokens counted
 * as rows times its longest row, the rule of {@link org.leap.encoder.LengthBatches}: a step's memory and time follow
 * that product, so 32 short sentences and 8 passages of 256 tokens cost about the same. Each sorted chunk is cut from
 * its longest text down; its last batch may be short, and a lone last row waits for the next epoch, since the
 * contrastive terms compare rows. Epochs then differ in length, so a step is found by counting epochs from the first.
 */
public final class BatchSchedule {
    private final int[] lengths;
    private final int batchSize;
    private final int tokenBudget;
    private final int chunk;
    private final long seed;
    private long cachedEpoch = -1;
    private long cachedFirstStep;
    private List<int[]> cachedBatches;

    /** Fixed batches of {@code batchSize} rows. */
    public BatchSchedule(int[] lengths, int batchSize, int chunk, long seed) {
        this(lengths, batchSize, 0, chunk, seed);
    }

    /**
     * @param lengths token length of each text
     * @param batchSize rows per batch, or the most rows per batch under a token budget
     * @param tokenBudget most rows x longest row per batch, at least twice the longest text; 0 for fixed batches
     * @param chunk texts per sorting chunk; rounded down to whole batches when batches are fixed
     */
    public BatchSchedule(int[] lengths, int batchSize, int tokenBudget, int chunk, long seed) {
        if (batchSize < 2 || chunk < batchSize) {
            throw new IllegalArgumentException("need 2 <= batch size <= chunk, got " + batchSize + " and " + chunk);
        }
        if (lengths.length < batchSize) {
            throw new IllegalArgumentException("the data holds " + lengths.length + " sentences, fewer than one batch of "
                + batchSize);
        }
        int longest = IntStream.of(lengths).max().orElseThrow();
        if (tokenBudget != 0 && tokenBudget < 2 * longest) {
            throw new IllegalArgumentException("token budget " + tokenBudget + " holds fewer than 2 rows of the longest text ("
                + longest + " tokens)");
        }
        this.lengths = lengths.clone();
        this.batchSize = batchSize;
        this.tokenBudget = tokenBudget;
        this.chunk = tokenBudget == 0 ? chunk / batchSize * batchSize : chunk;
        this.seed = seed;
    }

    /** Batches in the given 0-based epoch (the same for every epoch when batches are fixed). */
    public int batchesInEpoch(long epoch) {
        return tokenBudget == 0 ? lengths.length / batchSize : epochBatches(epoch).size();
    }

    /** Row indices of the batch for a 0-based step. */
    public int[] batch(long step) {
        if (cachedEpoch < 0 || step < cachedFirstStep) {
            cachedEpoch = 0;
            cachedFirstStep = 0;
            cachedBatches = epochBatches(0);
        }
        while (step >= cachedFirstStep + cachedBatches.size()) {
            cachedFirstStep += cachedBatches.size();
            cachedEpoch++;
            // fixed batches: jump straight to the step's epoch, as every epoch has the same length
            if (tokenBudget == 0) {
                long skip = (step - cachedFirstStep) / cachedBatches.size();
                cachedEpoch += skip;
                cachedFirstStep += skip * cachedBatches.size();
            }
            cachedBatches = epochBatches(cachedEpoch);
        }
        return cachedBatches.get((int) (step - cachedFirstStep)).clone();
    }

    private List<int[]> epochBatches(long epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>(IntStream.range(0, lengths.length).boxed().toList());
        Collections.shuffle(order, random);
        if (tokenBudget == 0) {
            order = order.subList(0, lengths.length / batchSize * batchSize);
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += chunk) {
            List<Integer> part = new ArrayList<>(order.subList(start, Math.min(order.size(), start + chunk)));
            if (tokenBudget == 0) {
                part.sort(Comparator.comparingInt((Integer i) -> lengths[i]));
                for (int b = 0; b < part.size(); b += batchSize) {
                    batches.add(toArray(part.subList(b, b + batchSize)));
                }
            } else {
                part.sort(Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
                cutByBudget(part, batches);
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Cuts a chunk sorted longest first: each batch's first row sets its padded length, hence its row count. */
    private void cutByBudget(List<Integer> part, List<int[]> batches) {
        int start = 0;
        while (part.size() - start >= 2) {
            int rows = Math.min(batchSize, tokenBudget / Math.max(1, lengths[part.get(start)]));
            int end = Math.min(part.size(), start + rows);
            batches.add(toArray(part.subList(start, end)));
            start = end;
        }
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
