package org.leap.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Texts grouped by token count into buckets (previous bound, bound]. Latency is reported per bucket because both
 * sides of the comparison move with length: attention grows with n², and a model trained on short text exits later
 * (or not at all) on long text, so one mean over mixed lengths hides both. A text the tokenizer truncated counts at
 * the model's max length, so it lands in the bucket of that bound.
 *
 * @param buckets one per bound, in increasing order, possibly empty
 * @param leftOut texts longer than the last bound
 */
record LengthBuckets(List<Bucket> buckets, int leftOut) {
    /**
     * Texts whose token count lies in {@code (above, upTo]}.
     *
     * @param lengths token counts, with special tokens, aligned with {@code texts}
     */
    record Bucket(int above, int upTo, List<String> texts, int[] lengths) {
        /** The median token count: the length the GEMM ceiling is measured at. */
        int typicalLength() {
            int[] sorted = lengths.clone();
            Arrays.sort(sorted);
            return sorted[(sorted.length - 1) / 2];
        }
    }

    /**
     * @param bounds increasing upper bounds, at least 1
     * @param lengths token count of each text
     * @throws IllegalArgumentException when the bounds do not increase or do not match the texts
     */
    static LengthBuckets of(int[] bounds, List<String> texts, int[] lengths) {
        if (bounds.length == 0 || bounds[0] < 1) {
            throw new IllegalArgumentException("--buckets needs token bounds of at least 1, got " + Arrays.toString(bounds));
        }
        for (int b = 1; b < bounds.length; b++) {
            if (bounds[b] <= bounds[b - 1]) {
                throw new IllegalArgumentException("--buckets must increase, got " + Arrays.toString(bounds));
            }
        }
        if (texts.size() != lengths.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + lengths.length + " lengths");
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int b = 0; b < bounds.length; b++) {
            members.add(new ArrayList<>());
        }
        int leftOut = 0;
        for (int i = 0; i < lengths.length; i++) {
            int b = bucketOf(bounds, lengths[i]);
            if (b < 0) {
                leftOut++;
            } else {
                members.get(b).add(i);
            }
        }
        List<Bucket> buckets = new ArrayList<>(bounds.length);
        for (int b = 0; b < bounds.length; b++) {
            List<Integer> rows = members.get(b);
            buckets.add(new Bucket(b == 0 ? 0 : bounds[b - 1], bounds[b], rows.stream().map(texts::get).toList(),
                rows.stream().mapToInt(i -> lengths[i]).toArray()));
        }
        return new LengthBuckets(List.copyOf(buckets), leftOut);
    }

    private static int bucketOf(int[] bounds, int length) {
        for (int b = 0; b < bounds.length; b++) {
            if (length <= bounds[b]) {
                return b;
            }
        }
        return -1;
    }
}
