package org.leap.tuning;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link ThetaController} remembers between decisions, as a value: a controller rebuilt from it (after a
 * restart, or on another node) takes the next decision exactly as the one that wrote it would have.
 *
 * @param decisions decisions taken so far
 * @param step the step the next move in the same direction takes
 * @param lastMove the last move, {@code HOLD} before the first
 * @param failedAt θ in {@link ThetaGrain grains} to the decision number when a window measured there last fell short
 */
public record ControllerState(long decisions, double step, TuningDecision.Action lastMove, Map<Long, Long> failedAt) {

    public ControllerState {
        if (decisions < 0 || (step >= TuningConfig.MIN_STEP && step < 1) == false || lastMove == null) {
            throw new IllegalArgumentException("a controller state needs decisions >= 0, a step in [" + TuningConfig.MIN_STEP
                + ", 1) and a last move, got " + decisions + ", " + step + " and " + lastMove);
        }
        failedAt = Collections.unmodifiableMap(new TreeMap<>(failedAt));
    }

    /** A controller that has decided nothing yet. */
    public static ControllerState initial(TuningConfig config) {
        return new ControllerState(0, config.step(), TuningDecision.Action.HOLD, Map.of());
    }
}
