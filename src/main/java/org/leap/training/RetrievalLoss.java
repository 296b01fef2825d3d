package org.leap.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The retrieval terms of a step ({@link RetrievalTerms} gives their weights): the query side of retrieval, trained on
 * pseudo-queries (one sentence drawn from each long text of the batch) against the batch's passages at the teacher's
 * full depth, and a calibration term that makes the exit test honest.
 *
 * <p>Why calibration: the exit rule stops a row when two adjacent layers agree, not when a layer is near the final
 * one. Terms that pull several middle layers toward the same target make them agree with each other long before they
 * reach it, so rows exit with vectors far from their final one (false convergence). The calibration term charges each
 * layer that would exit (a soft indicator of cos(p_l, p_{l-1}) past {@code calibration_theta}) with its distance to the
 * row's own final vector, gradient stopped at the final vector: a layer may only look converged where it is.
 *
 * <p>All inputs are pooled {@code [B, H]} embeddings of the student and the teacher, in one width.
 */
public final class RetrievalLoss {
    private final RetrievalTerms config;
    private final int studentLayers;

    public RetrievalLoss(RetrievalTerms config, int studentLayers) {
        this.config = config.checkedFor(studentLayers);
        this.studentLayers = studentLayers;
    }

    public RetrievalTerms config() {
        return config;
    }

    /** The weighted sum of the terms this step has inputs for, and each term unweighted, for logging. */
    public record Value(NDArray total, Map<String, Float> terms) {}

    /**
     * @param batch the student's pooled layers 1..L of the batch's texts
     * @param passages the teacher's final embeddings of the batch's texts
     * @param queries the student's pooled layers 1..L of the pseudo-queries, or null when the batch gave none
     * @param queryTargets the teacher's final embeddings of the pseudo-queries, or null with {@code queries}
     */
    public Value compute(List<NDArray> batch, NDArray passages, List<NDArray> queries, NDArray queryTargets) {
        Map<String, Float> terms = new LinkedHashMap<>();
        NDArray total = null;
        if (config.calibration() > 0) {
            NDArray term = calibration(batch);
            if (queries != null) {
                term = term.add(calibration(queries)).div(LeapLoss.constant(term, 2));
            }
            total = add(total, term, config.calibration(), "calibration", terms);
        }
        if (queries != null) {
            if (config.finalWeight() > 0) {
                NDArray term = LeapLoss.oneMinusCos(queries.get(studentLayers - 1), queryTargets);
                total = add(total, term, config.finalWeight(), "q_final", terms);
            }
            for (Map.Entry<Integer, Double> e : config.directLayerWeights().entrySet()) {
                NDArray term = LeapLoss.oneMinusCos(queries.get(e.getKey() - 1), queryTargets);
                total = add(total, term, e.getValue(), "q_direct_" + e.getKey(), terms);
            }
            for (Map.Entry<Integer, Double> e : config.rankLayerWeights().entrySet()) {
                NDArray term = rank(queries.get(e.getKey() - 1), queryTargets, passages);
                total = add(total, term, e.getValue(), "q_rank_" + e.getKey(), terms);
            }
        }
        return new Value(total, terms);
    }

    private static NDArray add(NDArray total, NDArray term, double weight, String name, Map<String, Float> terms) {
        terms.put(name, term.getFloat());
        if (weight == 0) {
            return total;
        }
        NDArray weighted = term.mul(LeapLoss.constant(term, weight));
        return total == null ? weighted : total.add(weighted);
    }

    /**
     * KL(p_t || p_s), averaged over queries, where p(q) = softmax over the passages of cos(q, passage) / temperature:
     * the student's query vector must rank the passages as the teacher's query vector does.
     *
     * @param student the student's pooled query vectors {@code [Q, H]}
     * @param teacher the teacher's final query vectors {@code [Q, H]}
     * @param passages the teacher's final passage vectors {@code [P, H]}
     */
    public NDArray rank(NDArray student, NDArray teacher, NDArray passages) {
        NDArray scale = LeapLoss.constant(student, 1.0 / config.rankTemperature());
        NDArray p = LeapLoss.normalize(passages).transpose();
        NDArray logStudent = LeapLoss.normalize(student).matMul(p).mul(scale).logSoftmax(-1);
        NDArray logTeacher = LeapLoss.normalize(teacher).matMul(p).mul(scale).logSoftmax(-1);
        return logTeacher.exp().mul(logTeacher.sub(logStudent)).sum(new int[] { 1 }).mean();
    }

    /**
     * Mean over rows and over the checked layers l of sigmoid(k (cos(p_l, p_{l-1}) - theta)) (1 - cos(p_l, sg(p_L))):
     * the soft share of rows that would exit at l, times how far what they would return is from their final vector.
     */
    public NDArray calibration(List<NDArray> layers) {
        NDArray last = layers.get(studentLayers - 1).stopGradient();
        NDArray sum = null;
        for (int l = config.calibrationMinLayer(); l < studentLayers; l++) {
            NDArray current = layers.get(l - 1);
            NDArray adjacent = LeapLoss.cosine(current, layers.get(l - 2));
            NDArray exits = Activation.sigmoid(adjacent.sub(LeapLoss.constant(adjacent, config.calibrationTheta()))
                .mul(LeapLoss.constant(adjacent, config.calibrationSharpness())));
            NDArray distance = LeapLoss.cosine(current, last).neg().add(LeapLoss.constant(adjacent, 1));
            NDArray term = exits.mul(distance).mean();
            sum = sum == null ? term : sum.add(term);
        }
        return sum.div(LeapLoss.constant(sum, studentLayers - config.calibrationMinLayer()));
    }
}
