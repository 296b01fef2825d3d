package org.leap.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.leap.encoder.Embedding;

/**
 * Times every variant on the same sampled batch, round by round, starting each round with a different variant, and
 * one pass of the GEMM ceiling per round. Noise from the machine (other processes, clock changes, caches) then falls
 * on all of them alike, and every ratio comes from one run. The texts of each round are drawn, distinct within a
 * batch, from the bucket with a seed fixed by bucket and batch size, so a rerun times the same texts.
 */
final class InterleavedRounds {
    private final List<BenchVariant> variants;
    private final int rounds;
    private final int warmup;

    InterleavedRounds(List<BenchVariant> variants, int rounds, int warmup) {
        this.variants = List.copyOf(variants);
        this.rounds = rounds;
        this.warmup = warmup;
    }

    /** @param layers the early-exit model's depth, for the layer reduction */
    BenchCell run(LengthBuckets.Bucket bucket, int batch, GemmCeiling ceiling, int layers) {
        Map<String, VariantTimings> timings = new LinkedHashMap<>();
        for (BenchVariant variant : variants) {
            timings.put(variant.name(), new VariantTimings(rounds));
        }
        Random random = new Random(31L * bucket.upTo() + batch);
        int[] order = IntStream.range(0, bucket.texts().size()).toArray();
        for (int round = -warmup; round < rounds; round++) {
            int[] sample = sample(order, batch, random);
            List<String> texts = new ArrayList<>(batch);
            long tokens = 0;
            for (int i : sample) {
                texts.add(bucket.texts().get(i));
                tokens += bucket.lengths()[i];
            }
            for (int v = 0; v < variants.size(); v++) {
                BenchVariant variant = variants.get(Math.floorMod(v + round, variants.size()));
                long start = System.nanoTime();
                List<Embedding> out = variant.encode(texts);
                double millis = (System.nanoTime() - start) / 1e6;
                if (round >= 0) {
                    LayerFlops flops = variant.flops();
                    double batchFlops = 0;
                    long layersRun = 0;
                    for (int i = 0; i < sample.length; i++) {
                        int exitLayer = out.get(i).exitLayer();
                        batchFlops += flops.perLayer(bucket.lengths()[sample[i]]) * exitLayer;
                        layersRun += exitLayer;
                    }
                    timings.get(variant.name()).add(millis, batch, tokens, batchFlops, layersRun);
                }
            }
            ceiling.pass(round >= 0);
        }
        return new BenchCell(batch, layers, timings, ceiling.result());
    }

    /** The first {@code size} entries of {@code order} after a partial Fisher-Yates shuffle: distinct rows. */
    private static int[] sample(int[] order, int size, Random random) {
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return Arrays.copyOf(order, size);
    }
}
