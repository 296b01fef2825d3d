package org.leap.eval;

import java.util.List;

import org.leap.encoder.Embedding;

/**
 * Where a set of rows exited, summed up: the exit-layer histogram and what follows from it (exit rate, share exited by
 * a layer, mean exit layer E[l], layer reduction L/E[l]). The one place these are computed, for the CLI's evaluations,
 * the exit sweeps, a training job's metrics and the node's stats.
 *
 * @param histogram rows per exit layer, index 0 for layer 1; its length is the model's layer count
 */
public record ExitSummary(long[] histogram) {

    public ExitSummary {
        histogram = histogram.clone();
    }

    /** The exit layers of encoded rows. */
    public static ExitSummary of(List<Embedding> embeddings, int layers) {
        long[] histogram = new long[layers];
        embeddings.forEach(e -> histogram[e.exitLayer() - 1]++);
        return new ExitSummary(histogram);
    }

    /** Exit layers (1-based), one per row. */
    public static ExitSummary ofLayers(int[] exitLayers, int layers) {
        long[] histogram = new long[layers];
        for (int layer : exitLayers) {
            histogram[layer - 1]++;
        }
        return new ExitSummary(histogram);
    }

    public int layers() {
        return histogram.length;
    }

    public long rows() {
        long rows = 0;
        for (long n : histogram) {
            rows += n;
        }
        return rows;
    }

    /** Share of rows that stopped before the last layer; 0 without rows. */
    public double exitRate() {
        long rows = rows();
        return rows == 0 ? 0 : (rows - histogram[histogram.length - 1]) / (double) rows;
    }

    /** Share of rows that stopped at or before this layer, and before the last; 0 without rows. */
    public double exitedBy(int layer) {
        long rows = rows();
        long early = 0;
        for (int l = 1; l <= Math.min(layer, layers() - 1); l++) {
            early += histogram[l - 1];
        }
        return rows == 0 ? 0 : early / (double) rows;
    }

    /** E[l]; 0 without rows. */
    public double meanExitLayer() {
        long rows = rows();
        double sum = 0;
        for (int l = 1; l <= histogram.length; l++) {
            sum += (double) l * histogram[l - 1];
        }
        return rows == 0 ? 0 : sum / rows;
    }

    /** L / E[l]: how many times fewer layers than full depth ran; 1 without rows. */
    public double layerReduction() {
        return rows() == 0 ? 1 : layers() / meanExitLayer();
    }

    @Override
    public long[] histogram() {
        return histogram.clone();
    }
}
