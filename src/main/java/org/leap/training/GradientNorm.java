package org.leap.training;

import java.util.Collection;

import ai.djl.ndarray.NDArray;

/**
 * The global L2 norm of all gradients, for clipping by hand: DJL's optimizers clip each element to a range, which
 * changes the gradient's direction, while BERT fine-tuning (and the spike) scales the whole gradient down together.
 */
final class GradientNorm {
    private GradientNorm() {}

    /** sqrt of the sum of every squared gradient element; NaN or infinity when a gradient is not finite. */
    static double of(Collection<NDArray> parameters) {
        double sum = 0;
        try (Autograd.Paused ignored = Autograd.paused()) {
            for (NDArray p : parameters) {
                // getGradient() and every result made from it attach to the parameter's long-lived manager: close them.
                try (NDArray g = p.getGradient(); NDArray squared = g.square(); NDArray total = squared.sum()) {
                    sum += total.getFloat();
                }
            }
        }
        return Math.sqrt(sum);
    }

    /** The factor that brings the norm down to {@code limit}, or 1 when it is already within it (or limit is 0). */
    static double clipScale(double norm, double limit) {
        if (limit <= 0 || norm <= limit) {
            return 1;
        }
        return limit / (norm + 1e-6);
    }
}
