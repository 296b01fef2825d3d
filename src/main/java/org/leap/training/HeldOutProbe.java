package org.leap.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.leap.encoder.ExitPolicy;
import org.leap.encoder.ExitRule;
import org.leap.encoder.djl.BertNetwork;

/**
 * A cheap check on held-out sentences at each checkpoint: per layer, the mean cosine of the student's pooled
 * embedding to its own final one (what the exit rule and exit quality depend on) and to the teacher's final one.
 * The spike read exactly these curves to see false convergence; a full STS or retrieval evaluation belongs to the
 * evaluation tools, on the exported model.
 */
final class HeldOutProbe {
    /** Texts of this many student tokens or more count as passages in the exit figures, shorter ones as queries. */
    static final int PASSAGE_TOKENS = 64;

    private final long[][] studentTokens;
    private final float[][] teacherFinal;
    private final int batchSize;

    /**
     * @param studentTokens held-out sentences in the student's tokenization
     * @param teacherFinal the teacher's final pooled embedding of each, computed once (the teacher does not change)
     */
    HeldOutProbe(long[][] studentTokens, float[][] teacherFinal, int batchSize) {
        this.studentTokens = studentTokens;
        this.teacherFinal = teacherFinal;
        this.batchSize = batchSize;
    }

    /** Runs the teacher once over the held-out sentences. */
    static HeldOutProbe create(long[][] studentTokens, BertNetwork teacher, long[][] teacherTokens, int batchSize, NDManager root) {
        float[][] finals = new float[teacherTokens.length][];
        int h = teacher.model().hidden();
        for (int[] rows : batches(teacherTokens, batchSize)) {
            try (NDManager step = root.newSubManager(); Autograd.Paused ignored = Autograd.paused()) {
                List<NDArray> layers = PooledForward.run(teacher, teacherTokens, rows, step);
                float[] values = layers.get(layers.size() - 1).toFloatArray();
                for (int i = 0; i < rows.length; i++) {
                    finals[rows[i]] = Arrays.copyOfRange(values, i * h, (i + 1) * h);
                }
            }
        }
        return new HeldOutProbe(studentTokens, finals, batchSize);
    }

    /**
     * Per-layer means: {@code cos_to_final} (layers 1..L) and, when the widths match, {@code cos_to_teacher}; and, for
     * queries and passages apart, what the default exit policy does: mean exit layer and mean cosine of the exited
     * vector to the row's own final one ({@code exit_queries}, {@code exit_passages}).
     */
    Map<String, Object> run(BertNetwork student, NDManager root) {
        int layers = student.model().layers();
        int h = student.model().hidden();
        boolean sameWidth = teacherFinal[0].length == h;
        double[] toFinal = new double[layers];
        double[] toTeacher = new double[layers];
        ExitPolicy policy = ExitPolicy.defaultFor(layers);
        double[][] exitSums = new double[2][3];
        for (int[] rows : batches(studentTokens, batchSize)) {
            try (NDManager step = root.newSubManager(); Autograd.Paused ignored = Autograd.paused()) {
                List<NDArray> pooled = PooledForward.run(student, studentTokens, rows, step);
                float[][] perLayer = pooled.stream().map(NDArray::toFloatArray).toArray(float[][]::new);
                for (int i = 0; i < rows.length; i++) {
                    float[][] row = new float[layers][];
                    for (int l = 0; l < layers; l++) {
                        row[l] = Arrays.copyOfRange(perLayer[l], i * h, (i + 1) * h);
                    }
                    float[] last = row[layers - 1];
                    int exit = ExitRule.exitLayer(policy, row);
                    double[] group = exitSums[studentTokens[rows[i]].length >= PASSAGE_TOKENS ? 1 : 0];
                    group[0]++;
                    group[1] += exit;
                    group[2] += cosine(row[exit - 1], last);
                    for (int l = 0; l < layers; l++) {
                        float[] v = row[l];
                        toFinal[l] += cosine(v, last);
                        if (sameWidth) {
                            toTeacher[l] += cosine(v, teacherFinal[rows[i]]);
                        }
                    }
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sentences", studentTokens.length);
        out.put("cos_to_final", round(toFinal, studentTokens.length));
        if (sameWidth) {
            out.put("cos_to_teacher", round(toTeacher, studentTokens.length));
        }
        out.put("exit_queries", exitFigures(exitSums[0]));
        out.put("exit_passages", exitFigures(exitSums[1]));
        return out;
    }

    /** @param sums rows, sum of exit layers, sum of exited-to-final cosines */
    private static Map<String, Object> exitFigures(double[] sums) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("texts", (long) sums[0]);
        if (sums[0] > 0) {
            out.put("mean_layer", Math.round(sums[1] / sums[0] * 100) / 100.0);
            out.put("cos_to_final", Math.round(sums[2] / sums[0] * 10000) / 10000.0);
        }
        return out;
    }

    private static double[] round(double[] sums, int n) {
        return Arrays.stream(sums).map(s -> Math.round(s / n * 10000) / 10000.0).toArray();
    }

    private static List<int[]> batches(long[][] tokens, int batchSize) {
        Integer[] order = IntStream.range(0, tokens.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> tokens[i].length));
        return IntStream.range(0, (tokens.length + batchSize - 1) / batchSize)
            .mapToObj(b -> Arrays.stream(order, b * batchSize, Math.min(tokens.length, (b + 1) * batchSize))
                .mapToInt(Integer::intValue).toArray())
            .toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb + 1e-24);
    }
}
