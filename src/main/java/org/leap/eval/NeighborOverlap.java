package org.leap.eval;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * NN@k overlap: the share of an item's k nearest neighbours that two embeddings agree on. The paper uses NN@10 to
 * tell whether an exited embedding still retrieves what the full-depth one would.
 */
public final class NeighborOverlap {
    private NeighborOverlap() {}

    /** |a ∩ b| / k for two top-k id lists. */
    public static double overlap(int[] a, int[] b, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int[] sorted = Arrays.copyOf(b, b.length);
        Arrays.sort(sorted);
        int shared = 0;
        for (int id : Arrays.copyOf(a, Math.min(k, a.length))) {
            if (Arrays.binarySearch(sorted, 0, Math.min(k, sorted.length), id) >= 0) {
                shared++;
            }
        }
        return shared / (double) k;
    }

    /**
     * Indices of the k largest scores in {@code row[from, from + n)}, best first, skipping {@code exclude}
     * (the item itself) when it is not negative.
     */
    public static int[] topK(float[] scores, int from, int n, int k, int exclude) {
        PriorityQueue<Integer> heap = new PriorityQueue<>((i, j) -> Float.compare(scores[from + i], scores[from + j]));
        for (int i = 0; i < n; i++) {
            if (i == exclude) {
                continue;
            }
            heap.add(i);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = heap.poll();
        }
        return out;
    }
}
