package org.leap.model;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-layer exit thresholds theta_l calibrated on held-out text, stored with a model (its descriptor's
 * {@code exit_thresholds}). The paper's single theta reads "adjacent layers agree" as "converged", which a public or
 * undertrained model satisfies falsely; a calibrated theta_l is the lowest stability at which the rows that exit at
 * layer l still sit, on average, {@code target} from their own final layer. A layer without a threshold never exits.
 *
 * @param target the mean similarity to the final layer an exit keeps on the held-out text
 * @param patience the k the stabilities were measured with; the thresholds mean nothing for another k
 * @param thetas layer (1-based) to its threshold; absent layers never exit
 * @param heldOut what the thresholds were calibrated on (file and row count), for the model card
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ExitThresholds(
    @JsonProperty(value = "target", required = true) double target,
    @JsonProperty(value = "patience", required = true) int patience,
    @JsonProperty(value = "thetas", required = true) Map<Integer, Double> thetas,
    @JsonProperty("held_out") String heldOut
) {
    public ExitThresholds {
        if ((target > 0 && target <= 1) == false) {
            throw new IllegalArgumentException("exit_thresholds.target must be in (0, 1], got " + target);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("exit_thresholds.patience must be at least 1, got " + patience);
        }
        for (Map.Entry<Integer, Double> e : thetas.entrySet()) {
            if (e.getKey() < 1 || (e.getValue() > 0 && e.getValue() <= 1) == false) {
                throw new IllegalArgumentException("exit_thresholds.thetas needs layers >= 1 and thresholds in (0, 1], got "
                    + e.getKey() + ": " + e.getValue());
            }
        }
        thetas = Map.copyOf(new TreeMap<>(thetas));
    }

    /** Layer l's threshold, NaN when the layer never exits (a comparison with NaN never fires). */
    public double thetaAt(int layer) {
        Double theta = thetas.get(layer);
        return theta == null ? Double.NaN : theta;
    }
}
