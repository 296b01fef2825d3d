package org.leap.plugin.stats;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.leap.encoder.Embedding;

/**
 * Live counters of one model on one path: requests, texts, exit layers, truncations, errors, and over the last
 * {@value LatencyWindow#SIZE} encodes the time each waited in the inference queue and the time it computed, apart: a
 * slow encode under load is then told from a full queue; how many encodes the node degraded under load, with the θ of
 * the last; and how many query encodes it shed, refused for waiting too long. Counters never lock; {@link #snapshot()}
 * copies.
 */
public final class PathStats {
    private final int layers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong truncatedTexts = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong degraded = new AtomicLong();
    private volatile double lastDegradedTheta = Double.NaN;
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLongArray exitHistogram;
    private final LatencyWindow queueWait = new LatencyWindow();
    private final LatencyWindow compute = new LatencyWindow();

    public PathStats(int layers) {
        this.layers = layers;
        this.exitHistogram = new AtomicLongArray(layers + 1);
    }

    /**
     * @param truncated per text: cut before tokenizing or at the model's max length
     * @param queueNanos from the encode's submission to the inference pool until a thread took it
     * @param computeNanos the encode itself
     */
    public void recordSuccess(List<Embedding> embeddings, boolean[] truncated, long queueNanos, long computeNanos) {
        requests.incrementAndGet();
        texts.addAndGet(embeddings.size());
        long t = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            exitHistogram.incrementAndGet(embeddings.get(i).exitLayer());
            t += truncated[i] ? 1 : 0;
        }
        truncatedTexts.addAndGet(t);
        queueWait.record(queueNanos);
        compute.record(computeNanos);
    }

    /** An encode that ran at this lower θ because the inference queue was over budget (also counted as a success). */
    public void recordDegraded(double theta) {
        degraded.incrementAndGet();
        lastDegradedTheta = theta;
    }

    /**
     * A query encode refused with 429 for waiting longer than {@code plugins.leap.degrade.max_queue_wait}: counted as a
     * request, not as an error (the node refused it on purpose), and its wait goes into the queue wait percentiles,
     * which would otherwise show only the waits short enough to be answered.
     */
    public void recordShed(long queueNanos) {
        requests.incrementAndGet();
        shed.incrementAndGet();
        queueWait.record(queueNanos);
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
        return new PathStatsSnapshot(requests.get(), texts.get(), truncatedTexts.get(), errors.get(), histogram, layers, compute.percentileMillis(0.50), compute.percentileMillis(0.99), queueWait.percentileMillis(0.50),
            queueWait.percentileMillis(0.99), degraded.get(), lastDegradedTheta, shed.get());
    }
}
