package org.leap.training;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The weights of the retrieval terms ({@link RetrievalLoss}), read from a training config's {@code retrieval} object.
 * Retrieval ranks short queries against long passages, and a query exits early while its passage was embedded at full
 * depth; the sentence-level LEAP terms see neither. Each step draws one sentence of each long text of the batch as
 * its pseudo-query, and these terms train the query side on them. Absent object: the terms are off.
 *
 * @param minPassageTokens a batch text of at least this many tokens gives a pseudo-query; shorter texts do not
 * @param maxQueries at most this many pseudo-queries per step
 * @param finalWeight weight of 1 - cos(s_L(q), t_L(q)): full depth stays the teacher's on queries too
 * @param directLayerWeights per exit layer l, weight of 1 - cos(s_l(q), t_L(q)): the query's exit layer pulled onto
 *                           the teacher's final vector of that query
 * @param rankLayerWeights per layer l (the final layer allowed), weight of the rank term: KL from the teacher's
 *                         distribution of each query over the batch's passages to that of the student's layer l
 * @param rankTemperature softmax temperature of those distributions
 * @param calibration weight of the calibration term, on the queries and on the batch's own texts
 * @param calibrationTheta the cosine of adjacent layers from which the calibration term counts a layer as exiting
 * @param calibrationSharpness k of the soft exit indicator sigmoid(k (cos(p_l, p_{l-1}) - theta))
 * @param calibrationMinLayer the first layer the calibration term checks (the exit rule's l_min)
 */
public record RetrievalTerms(
    int minPassageTokens, int maxQueries, double finalWeight, Map<Integer, Double> directLayerWeights,
    Map<Integer, Double> rankLayerWeights, double rankTemperature, double calibration, double calibrationTheta,
    double calibrationSharpness, int calibrationMinLayer
) {
    public RetrievalTerms {
        if (minPassageTokens < 2) {
            throw new IllegalArgumentException("[retrieval.min_passage_tokens] must be at least 2, got " + minPassageTokens);
        }
        if (maxQueries < 2) {
            throw new IllegalArgumentException("[retrieval.max_queries] must be at least 2, got " + maxQueries);
        }
        nonNegative("final_weight", finalWeight);
        directLayerWeights = layerWeights("direct_layer_weights", directLayerWeights);
        rankLayerWeights = layerWeights("rank_layer_weights", rankLayerWeights);
        if (Double.isFinite(rankTemperature) == false || rankTemperature <= 0) {
            throw new IllegalArgumentException("[retrieval.rank_temperature] must be a finite number > 0, got " + rankTemperature);
        }
        nonNegative("calibration", calibration);
        if (Double.isFinite(calibrationTheta) == false || calibrationTheta <= 0 || calibrationTheta > 1) {
            throw new IllegalArgumentException("[retrieval.calibration_theta] must be in (0, 1], got " + calibrationTheta);
        }
        if (Double.isFinite(calibrationSharpness) == false || calibrationSharpness <= 0) {
            throw new IllegalArgumentException("[retrieval.calibration_sharpness] must be a finite number > 0, got "
                + calibrationSharpness);
        }
        if (calibrationMinLayer < 2) {
            throw new IllegalArgumentException("[retrieval.calibration_min_layer] must be at least 2, got " + calibrationMinLayer);
        }
        double direct = directLayerWeights.values().stream().mapToDouble(Double::doubleValue).sum();
        double rank = rankLayerWeights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (finalWeight + direct + rank + calibration == 0) {
            throw new IllegalArgumentException("[retrieval] is present but every weight in it is 0");
        }
    }

    /**
     * Checks the layers against the student's depth.
     *
     * @throws IllegalArgumentException naming a layer the student does not have
     */
    public RetrievalTerms checkedFor(int studentLayers) {
        directLayerWeights.keySet().stream().filter(l -> l >= studentLayers).findFirst().ifPresent(l -> {
            throw new IllegalArgumentException("[retrieval.direct_layer_weights] names layer " + l + ", but the student's exits are at "
                + "layers 1.." + (studentLayers - 1));
        });
        rankLayerWeights.keySet().stream().filter(l -> l > studentLayers).findFirst().ifPresent(l -> {
            throw new IllegalArgumentException("[retrieval.rank_layer_weights] names layer " + l + ", but the student has "
                + studentLayers + " layers");
        });
        if (calibration > 0 && calibrationMinLayer >= studentLayers) {
            throw new IllegalArgumentException("[retrieval.calibration_min_layer] is " + calibrationMinLayer + ", but the student's "
                + "exits are at layers 1.." + (studentLayers - 1));
        }
        return this;
    }

    /** Reads the {@code retrieval} object of a training config; null when absent (the terms are off). */
    static RetrievalTerms fromJson(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonFields f = new JsonFields(node, "retrieval");
        RetrievalTerms terms = new RetrievalTerms(f.intValue("min_passage_tokens", 48), f.intValue("max_queries", 24),
            f.number("final_weight", 0), f.layerWeights("direct_layer_weights", Map.of()),
            f.layerWeights("rank_layer_weights", Map.of()), f.number("rank_temperature", 0.05), f.number("calibration", 0),
            f.number("calibration_theta", 0.93), f.number("calibration_sharpness", 50), f.intValue("calibration_min_layer", 6));
        f.rejectUnknown();
        return terms;
    }

    private static Map<Integer, Double> layerWeights(String name, Map<Integer, Double> weights) {
        return LeapLossConfig.layerWeights("retrieval", name, weights);
    }

    private static void nonNegative(String name, double v) {
        LeapLossConfig.nonNegative("retrieval", name, v);
    }
}
