package org.leap.eval;

import java.util.List;

import org.leap.encoder.Embedding;
import org.leap.encoder.VectorMath;

/**
 * The LEAP paper's per-layer diagnostics (section 5.2) over traced rows: how close each layer's pooled vector is to
 * the final one, how stable it is against the layer before, how fast the distance to the final layer contracts, and
 * whether its nearest neighbours are the final layer's.
 *
 * @param simToFinal mean cos(p_l, p_L)
 * @param stability mean cos(p_l, p_{l-1}); NaN at layer 1
 * @param contraction mean ||p_l - p_L|| / ||p_{l-1} - p_L||, below 1 when layer l moved toward the final layer; NaN at 1 and L
 * @param nnOverlap mean NN@k overlap between layer l's and layer L's neighbours among the rows
 */
public record LayerDiagnostics(double[] simToFinal, double[] stability, double[] contraction, double[] nnOverlap, int k) {

    public static LayerDiagnostics of(List<Embedding> traced, Similarities similarities, int k) {
        int layers = traced.get(0).trace().length;
        int n = traced.size();
        if (n <= k) {
            throw new IllegalArgumentException("NN@" + k + " needs more than " + k + " sentences, got " + n);
        }
        double[] simToFinal = new double[layers];
        double[] stability = new double[layers];
        double[] contraction = new double[layers];
        double[] overlap = new double[layers];
        stability[0] = Double.NaN;
        contraction[0] = Double.NaN;
        contraction[layers - 1] = Double.NaN;
        for (Embedding e : traced) {
            float[][] t = e.trace();
            float[] fin = t[layers - 1];
            for (int l = 0; l < layers; l++) {
                simToFinal[l] += VectorMath.cosine(t[l], fin) / n;
                if (l > 0) {
                    stability[l] += VectorMath.cosine(t[l], t[l - 1]) / n;
                }
                if (l > 0 && l < layers - 1) {
                    double before = distance(t[l - 1], fin);
                    contraction[l] += (before == 0 ? 1 : distance(t[l], fin) / before) / n;
                }
            }
        }
        int[][] finalNeighbours = neighbours(layer(traced, layers - 1), similarities, k);
        for (int l = 0; l < layers; l++) {
            int[][] mine = l == layers - 1 ? finalNeighbours : neighbours(layer(traced, l), similarities, k);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += NeighborOverlap.overlap(mine[i], finalNeighbours[i], k);
            }
            overlap[l] = sum / n;
        }
        return new LayerDiagnostics(simToFinal, stability, contraction, overlap, k);
    }

    private static float[][] layer(List<Embedding> traced, int l) {
        return traced.stream().map(e -> e.trace()[l]).toArray(float[][]::new);
    }

    static int[][] neighbours(float[][] vectors, Similarities similarities, int k) {
        float[] sims = similarities.between(vectors, vectors);
        int n = vectors.length;
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = NeighborOverlap.topK(sims, i * n, n, k, i);
        }
        return out;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
