package org.leap.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The weights and shapes of the LEAP loss terms. Defaults are the paper's recipe; the extensions ({@code direct},
 * {@code exit_contrast}, {@code final_follow}, {@code inter_map = final}, {@code stop_grad_final_target}) are off by default because the
 * training spike found them worth measuring, not settled. Every term is switched off by a weight of 0.
 *
 * <p>Layers are numbered 1..L as in the paper; layer L is the final one, so exits are at 1..L-1.
 *
 * @param finalWeight weight of L_final = 1 - cos(s_L, t_L)
 * @param alpha weight of L_inter, each intermediate student layer against its mapped teacher layer
 * @param beta weight of L_exit, the soft exit margin
 * @param delta weight of L_contrast, in-batch similarity KL at the final layer
 * @param epsilon weight of L_late, late layers against the student's own final layer
 * @param gamma weight of L_redund, which pushes adjacent layers apart up to {@code redundancyClamp}
 * @param tau the cosine the exit margin aims past
 * @param exitSharpness k in sigmoid(k (tau - cos))
 * @param studentExitWeight weight of the student-target exit part once fully ramped in
 * @param studentExitRampStart training fraction where the student-target part starts to ramp in
 * @param studentExitRampEnd training fraction where it reaches {@code studentExitWeight}
 * @param contrastTemperature softmax temperature of the in-batch similarity distributions
 * @param redundancyClamp distance between adjacent normalised layer embeddings beyond which L_redund stops pushing;
 *                        0.1 by default (cos 0.995), so it only separates near-copies and leaves the exit test's
 *                        0.95-0.98 range alone (the paper's value was not at hand)
 * @param exitLayerWeights per-layer exit weights; layers not listed get {@code exitOtherLayerWeight}
 * @param exitOtherLayerWeight exit weight of unlisted layers
 * @param lateLayers layers of L_late
 * @param direct weight of L_direct = sum_l w_l (1 - cos(s_l, t_L)): non-saturating, the spike's best lever
 * @param directLayerWeights the layers of L_direct and their weights w_l
 * @param interMap {@code uniform} maps student layer l to teacher layer round(l Lt / Ls); {@code final} maps the late
 *                 layers to the teacher's final layer instead
 * @param stopGradFinalTarget stop the gradient through s_L where it is only a target (L_late)
 * @param exitContrast weight of the in-batch contrastive KL at {@code exitContrastLayer} against the teacher's final
 * @param exitContrastLayer the exit layer of that term
 * @param finalFollow weight of L_follow = 1 - cos(s_L, sg(s_e)): the final layer moves toward the exit layer e, whose
 *                    gradient is stopped, so full depth stops drifting away from what an exit returns
 * @param finalFollowLayer the exit layer e of that term
 */
public record LeapLossConfig(
    double finalWeight, double alpha, double beta, double delta, double epsilon, double gamma,
    double tau, double exitSharpness, double studentExitWeight, double studentExitRampStart, double studentExitRampEnd,
    double contrastTemperature, double redundancyClamp,
    Map<Integer, Double> exitLayerWeights, double exitOtherLayerWeight, List<Integer> lateLayers,
    double direct, Map<Integer, Double> directLayerWeights, String interMap, boolean stopGradFinalTarget,
    double exitContrast, int exitContrastLayer, double finalFollow, int finalFollowLayer
) {
    public static final String UNIFORM = "uniform";
    public static final String FINAL = "final";

    public LeapLossConfig {
        nonNegative("final_weight", finalWeight);
        nonNegative("alpha", alpha);
        nonNegative("beta", beta);
        nonNegative("delta", delta);
        nonNegative("epsilon", epsilon);
        nonNegative("gamma", gamma);
        nonNegative("direct", direct);
        nonNegative("exit_contrast", exitContrast);
        nonNegative("final_follow", finalFollow);
        nonNegative("student_exit_weight", studentExitWeight);
        nonNegative("exit_other_layer_weight", exitOtherLayerWeight);
        if (finalWeight + alpha + beta + delta + epsilon + gamma + direct + exitContrast + finalFollow == 0) {
            throw new IllegalArgumentException("every loss weight is 0; nothing would be trained");
        }
        if (Double.isFinite(tau) == false || tau <= 0 || tau > 1) {
            throw new IllegalArgumentException("[loss.tau] must be in (0, 1], got " + tau);
        }
        positive("exit_sharpness", exitSharpness);
        positive("contrast_temperature", contrastTemperature);
        positive("redundancy_clamp", redundancyClamp);
        if (studentExitRampStart < 0 || studentExitRampEnd > 1 || studentExitRampStart >= studentExitRampEnd) {
            throw new IllegalArgumentException("[loss.student_exit_ramp_start, loss.student_exit_ramp_end] must satisfy "
                + "0 <= start < end <= 1, got " + studentExitRampStart + ", " + studentExitRampEnd);
        }
        exitLayerWeights = layerWeights("exit_layer_weights", exitLayerWeights);
        directLayerWeights = layerWeights("direct_layer_weights", directLayerWeights);
        lateLayers = List.copyOf(lateLayers);
        for (int l : lateLayers) {
            if (l < 1) {
                throw new IllegalArgumentException("[loss.late_layers] holds layer " + l + "; layers are numbered from 1");
            }
        }
        if (lateLayers.stream().distinct().count() != lateLayers.size()) {
            throw new IllegalArgumentException("[loss.late_layers] lists a layer twice: " + lateLayers);
        }
        interMap = interMap == null ? UNIFORM : interMap.toLowerCase(Locale.ROOT);
        if (interMap.equals(UNIFORM) == false && interMap.equals(FINAL) == false) {
            throw new IllegalArgumentException("[loss.inter_map] must be \"uniform\" or \"final\", got \"" + interMap + "\"");
        }
        if (exitContrastLayer < 1) {
            throw new IllegalArgumentException("[loss.exit_contrast_layer] must be a layer number >= 1, got " + exitContrastLayer);
        }
        if (finalFollowLayer < 1) {
            throw new IllegalArgumentException("[loss.final_follow_layer] must be a layer number >= 1, got " + finalFollowLayer);
        }
    }

    /** The paper's recipe for a 12-layer student: favoured exit layers 6-11, late layers 9-11. */
    public static LeapLossConfig defaults() {
        Map<Integer, Double> exitWeights = new LinkedHashMap<>();
        for (int l = 6; l <= 11; l++) {
            exitWeights.put(l, 2.0);
        }
        return new LeapLossConfig(1.0, 0.3, 0.4, 0.3, 0.2, 0.05, 0.98, 10, 0.7, 0.1, 0.6, 0.05, 0.1,
            exitWeights, 1.0, List.of(9, 10, 11), 0.0, Map.of(6, 1.0, 7, 1.0, 8, 0.5), UNIFORM, false, 0.0, 7, 0.0, 7);
    }

    /** Reads the {@code loss} object of a training config; absent keys keep their defaults. */
    static LeapLossConfig fromJson(JsonNode node) {
        LeapLossConfig d = defaults();
        if (node == null) {
            return d;
        }
        JsonFields f = new JsonFields(node, "loss");
        LeapLossConfig config = new LeapLossConfig(
            f.number("final_weight", d.finalWeight), f.number("alpha", d.alpha), f.number("beta", d.beta),
            f.number("delta", d.delta), f.number("epsilon", d.epsilon), f.number("gamma", d.gamma), f.number("tau", d.tau),
            f.number("exit_sharpness", d.exitSharpness), f.number("student_exit_weight", d.studentExitWeight),
            f.number("student_exit_ramp_start", d.studentExitRampStart), f.number("student_exit_ramp_end", d.studentExitRampEnd),
            f.number("contrast_temperature", d.contrastTemperature), f.number("redundancy_clamp", d.redundancyClamp),
            f.layerWeights("exit_layer_weights", d.exitLayerWeights), f.number("exit_other_layer_weight", d.exitOtherLayerWeight),
            f.integers("late_layers", d.lateLayers), f.number("direct", d.direct),
            f.layerWeights("direct_layer_weights", d.directLayerWeights), f.string("inter_map", d.interMap),
            f.bool("stop_grad_final_target", d.stopGradFinalTarget), f.number("exit_contrast", d.exitContrast),
            f.intValue("exit_contrast_layer", d.exitContrastLayer), f.number("final_follow", d.finalFollow),
            f.intValue("final_follow_layer", d.finalFollowLayer));
        f.rejectUnknown();
        return config;
    }

    /** Whether L_inter needs every teacher layer; otherwise the teacher's final embedding is all the loss reads. */
    public boolean needsTeacherLayers() {
        return alpha > 0;
    }

    /** Exit weight w_l of layer l (1-based). */
    public double exitLayerWeight(int layer) {
        return exitLayerWeights.getOrDefault(layer, exitOtherLayerWeight);
    }

    /**
     * Checks the layers of every enabled term against the student's depth; a term switched off by weight 0 may name
     * layers the student lacks.
     *
     * @throws IllegalArgumentException naming the first layer the student does not have
     */
    public LeapLossConfig checkedFor(int studentLayers) {
        List<String> problems = new ArrayList<>();
        if (studentLayers < 2) {
            throw new IllegalArgumentException("LEAP needs a student with at least 2 layers, got " + studentLayers);
        }
        if (beta > 0) {
            exitLayerWeights.keySet().stream().filter(l -> l >= studentLayers)
                .forEach(l -> problems.add("[loss.exit_layer_weights] names layer " + l));
        }
        if (beta > 0) {
            double sum = 0;
            for (int l = 1; l < studentLayers; l++) {
                sum += exitLayerWeight(l);
            }
            if (sum <= 0) {
                problems.add("[loss.beta] is on but every exit layer weight is 0");
            }
        }
        if (epsilon > 0 && lateLayers.isEmpty()) {
            problems.add("[loss.epsilon] is on but [loss.late_layers] is empty");
        }
        if (epsilon > 0) {
            lateLayers.stream().filter(l -> l >= studentLayers).forEach(l -> problems.add("[loss.late_layers] names layer " + l));
        }
        if (direct > 0) {
            directLayerWeights.keySet().stream().filter(l -> l >= studentLayers)
                .forEach(l -> problems.add("[loss.direct_layer_weights] names layer " + l));
            if (directLayerWeights.isEmpty()) {
                problems.add("[loss.direct] is on but [loss.direct_layer_weights] is empty");
            }
        }
        if (exitContrast > 0 && exitContrastLayer >= studentLayers) {
            problems.add("[loss.exit_contrast_layer] is " + exitContrastLayer);
        }
        if (finalFollow > 0 && finalFollowLayer >= studentLayers) {
            problems.add("[loss.final_follow_layer] is " + finalFollowLayer);
        }
        if (problems.isEmpty() == false) {
            throw new IllegalArgumentException(String.join("; ", problems) + ", but the student has " + studentLayers
                + " layers and exits are at layers 1.." + (studentLayers - 1) + " (set the term's weight to 0 or name other layers)");
        }
        return this;
    }

    private static Map<Integer, Double> layerWeights(String name, Map<Integer, Double> weights) {
        return layerWeights("loss", name, weights);
    }

    /**
     * Per-layer weights sorted by layer, checked: layers from 1, weights finite and >= 0.
     *
     * @param object the config object they sit in, for the message ({@code loss}, {@code retrieval})
     */
    static Map<Integer, Double> layerWeights(String object, String name, Map<Integer, Double> weights) {
        Map<Integer, Double> sorted = new TreeMap<>(weights);
        sorted.forEach((layer, w) -> {
            if (layer < 1) {
                throw new IllegalArgumentException("[" + object + "." + name + "] names layer " + layer + "; layers are numbered from 1");
            }
            nonNegative(object, name + "." + layer, w);
        });
        return java.util.Collections.unmodifiableMap(sorted);
    }

    private static void nonNegative(String name, double v) {
        nonNegative("loss", name, v);
    }

    static void nonNegative(String object, String name, double v) {
        if (Double.isFinite(v) == false || v < 0) {
            throw new IllegalArgumentException("[" + object + "." + name + "] must be a finite number >= 0, got " + v);
        }
    }

    private static void positive(String name, double v) {
        if (Double.isFinite(v) == false || v <= 0) {
            throw new IllegalArgumentException("[loss." + name + "] must be a finite number > 0, got " + v);
        }
    }
}
