package org.leap.plugin.drift;

import java.util.OptionalDouble;

/**
 * The response to a drift alarm when a model has {@code drift.auto_raise_theta} on: theta goes up by one step, never
 * above a bound. A higher theta makes rows stay longer, which is the lever that brings NN@10 back.
 *
 * @param step how much theta goes up per alarm, in (0, 1]
 * @param max the bound, in (0, 1]
 */
public record ThetaRaise(double step, double max) {
    public ThetaRaise {
        if ((step > 0 && step <= 1) == false) {
            throw new IllegalArgumentException("the theta step must be in (0, 1], got " + step);
        }
        if ((max > 0 && max <= 1) == false) {
            throw new IllegalArgumentException("the theta bound must be in (0, 1], got " + max);
        }
    }

    /** The next theta, rounded to 6 decimals so that steps do not pile up float noise; empty when at the bound already. */
    public OptionalDouble next(double theta) {
        if (theta >= max) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.round(Math.min(max, theta + step) * 1e6) / 1e6);
    }
}
