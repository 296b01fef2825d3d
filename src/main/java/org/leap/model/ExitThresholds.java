package org.leap.model;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Per-layer exit thresholds theta_l calibrated on held-out text, stored with a model (its descriptor's
 * {@code exit_thresholds}). The paper's single theta reads "adjacent layers agree" as "converged", which a public or
 * undertrained model satisfies falsely; a calibrated theta_l is the lowest stability at which the rows that exit at
 * layer l still sit, on average, {@code target} from their own final layer. A layer without a threshold never exits.
 * With the layers' {@link ExitCurve curves} kept beside them, thresholds for another target follow without the held-out
 * text ({@link #atTarget}), which is what lets a node move the target.
 *
 * @param target the mean similarity to the final layer an exit keeps on the held-out text
 * @param patience the k the stabilities were measured with; the thresholds mean nothing for another k
 * @param thetas layer (1-based) to its threshold; absent layers never exit
 * @param heldOut what the thresholds were calibrated on (file and row count), for the model card
 * @param curves layer to its curve, from which {@code thetas} follow at {@code target}; null for thresholds stored alone
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ExitThresholds(
    @JsonProperty(value = "target", required = true) double target,
    @JsonProperty(value = "patience", required = true) int patience,
    @JsonProperty(value = "thetas", required = true) Map<Integer, Double> thetas,
    @JsonProperty("held_out") String heldOut,
    @JsonProperty("curves") @JsonInclude(JsonInclude.Include.NON_NULL) Map<Integer, ExitCurve> curves
) {
    public ExitThresholds {
        checkTarget(target);
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
        if (curves != null) {
            curves = Map.copyOf(new TreeMap<>(curves));
            if (thetas.equals(thetasAt(curves, target)) == false) {
                throw new IllegalArgumentException("exit_thresholds.thetas " + thetas + " are not the curves' thresholds at target "
                    + target + " " + thetasAt(curves, target) + "; recalibrate with leap calibrate");
            }
        }
    }

    /** Thresholds stored without curves: they hold for their own target only. */
    public ExitThresholds(double target, int patience, Map<Integer, Double> thetas, String heldOut) {
        this(target, patience, thetas, heldOut, null);
    }

    /** The thresholds the curves give at this target. */
    public static ExitThresholds fromCurves(double target, int patience, Map<Integer, ExitCurve> curves, String heldOut) {
        checkTarget(target);
        return new ExitThresholds(target, patience, thetasAt(curves, target), heldOut, curves);
    }

    /** Layer l's threshold, NaN when the layer never exits (a comparison with NaN never fires). */
    public double thetaAt(int layer) {
        Double theta = thetas.get(layer);
        return theta == null ? Double.NaN : theta;
    }

    /** Whether thresholds for other targets can be derived ({@link #atTarget}). */
    public boolean hasCurves() {
        return curves != null;
    }

    /**
     * These thresholds moved to another target, from the curves.
     *
     * @throws IllegalArgumentException when the target is outside (0, 1] or there are no curves
     */
    public ExitThresholds atTarget(double newTarget) {
        if (curves == null) {
            throw new IllegalArgumentException("these calibrated thresholds were stored without their curves, so they hold for target "
                + target + " only; recalibrate the model with leap calibrate to move the target");
        }
        return newTarget == target ? this : fromCurves(newTarget, patience, curves, heldOut);
    }

    /** The one check of a calibration target: a mean cosine similarity an exit keeps, so in (0, 1]. */
    public static void checkTarget(double target) {
        if ((target > 0 && target <= 1) == false) {
            throw new IllegalArgumentException("the calibration target must be in (0, 1], got " + target);
        }
    }

    private static Map<Integer, Double> thetasAt(Map<Integer, ExitCurve> curves, double target) {
        Map<Integer, Double> thetas = new TreeMap<>();
        curves.forEach((layer, curve) -> {
            double theta = curve.threshold(target);
            if (Double.isNaN(theta) == false) {
                thetas.put(layer, theta);
            }
        });
        return thetas;
    }
}
