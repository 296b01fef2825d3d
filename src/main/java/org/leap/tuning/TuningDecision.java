package org.leap.tuning;

/**
 * One decision of the controller with its evidence: the window it read, the bound it computed, and why.
 *
 * @param from θ when the window was measured
 * @param to θ from now on (equal to {@code from} when it holds)
 */
public record TuningDecision(Action action, double from, double to, TuningWindow evidence, double lowerBound, String reason) {

    public enum Action {
        /** NN@10's lower bound is below the target: a higher θ exits later and keeps more. */
        UP,
        /** The bound clears the target by the margin and the next lower θ has not failed lately: try it, it is cheaper. */
        DOWN,
        /** Too few samples, the bound within the margin, or a bound reached. */
        HOLD
    }

    public boolean changes() {
        return action != Action.HOLD;
    }
}
