package org.leap.plugin.stats;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.leap.encoder.Embedding;

/**
 * Live counters of one model on one path: requests, texts, exit layers, truncations, errors and the latencies of the
 * last {@value #WINDOW} encodes. Writers never lock; {@link #snapshot()} copies.
 */
public final class PathStats {
    static final int WINDOW = 1024;

    private final int layers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong truncatedTexts = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLongArray exitHistogram;
    private final AtomicLong layerSum = new AtomicLong();
    private final long[] latencyNanos = new long[WINDOW];
    private long latencyCount;

    public PathStats(int layers) {
        this.layers = layers;
        this.exitHistogram = new AtomicLongArray(layers + 1);
    }

    /** @param truncated per text: cut before tokenizing or at the model's max length */
    public void recordSuccess(List<Embedding> embeddings, boolean[] truncated, long nanos) {
        requests.incrementAndGet();
        texts.addAndGet(embeddings.size());
        long t = 0;
        long sum = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            Embedding e = embeddings.get(i);
            exitHistogram.incrementAndGet(e.exitLayer());
            sum += e.exitLayer();
            t += truncated[i] ? 1 : 0;
        }
        layerSum.addAndGet(sum);
        truncatedTexts.addAndGet(t);
        synchronized (latencyNanos) {
            latencyNanos[(int) (latencyCount++ % WINDOW)] = nanos;
        }
    }

    public void recordError() {
        requests.incrementAndGet();
        errors.incrementAndGet();
    }

    public PathStatsSnapshot snapshot() {
        long[] histogram = new long[layers];
        for (int l = 1; l <= layers; l++) {
            histogram[l - 1] = exitHistogram.get(l);
        }
        long[] window;
        synchronized (latencyNanos) {
            window = Arrays.copyOf(latencyNanos, (int) Math.min(latencyCount, WINDOW));
        }
        Arrays.sort(window);
        return new PathStatsSnapshot(requests.get(), texts.get(), truncatedTexts.get(), errors.get(), histogram, layerSum.get(),
            layers, percentileMillis(window, 0.50), percentileMillis(window, 0.99));
    }

    /** Nearest-rank percentile of a sorted window, in milliseconds; 0 when empty. */
    static double percentileMillis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
