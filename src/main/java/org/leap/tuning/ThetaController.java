package org.leap.tuning;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Moves θ one step at a time toward the cheapest value whose NN@10 lower confidence bound meets the target. Up when
 * the bound falls short; down when the bound clears the target by the margin (hysteresis) and the θ below has not
 * fallen short in the last {@code memory} decisions (so it does not step down into a known failure and back again);
 * otherwise it holds. Each reversal of direction halves the step, down to {@link TuningConfig#MIN_STEP}: NN@10 can fall
 * off a cliff between two θ a step apart, and halving finds the edge. Each decision reads one window of at least
 * {@code minSamples} queries measured at the θ in force. Not thread-safe: one controller per model, driven by one
 * thread. What it remembers is a {@link ControllerState}, so that a node can keep it between decisions and resume.
 */
public final class ThetaController {
    private final TuningConfig config;
    /** θ (as a step index) to the decision number when a window measured there last fell short. */
    private final Map<Long, Long> failedAt = new HashMap<>();
    private long decisions;
    private double step;
    private TuningDecision.Action lastMove = TuningDecision.Action.HOLD;

    public ThetaController(TuningConfig config) {
        this(config, ControllerState.initial(config));
    }

    /** A controller that resumes from a state one of its kind wrote. */
    public ThetaController(TuningConfig config, ControllerState state) {
        this.config = config;
        this.decisions = state.decisions();
        this.step = state.step();
        this.lastMove = state.lastMove();
        this.failedAt.putAll(state.failedAt());
    }

    /** What it remembers now; a θ that fell short longer ago than {@code memory} decisions is forgotten. */
    public ControllerState state() {
        Map<Long, Long> recent = failedAt.entrySet().stream().filter(e -> decisions + 1 - e.getValue() <= config.memory())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ControllerState(decisions, step, lastMove, recent);
    }

    public TuningConfig config() {
        return config;
    }

    /** Decides from a window measured at {@code window.theta()}, the θ in force. */
    public TuningDecision decide(TuningWindow window) {
        decisions++;
        double theta = window.theta();
        if (window.samples() < config.minSamples()) {
            return hold(window, Double.NaN, window.samples() + " of the " + config.minSamples() + " samples a decision needs");
        }
        double bound = window.lowerBound();
        if (bound < config.target()) {
            failedAt.put(key(theta), decisions);
            double up = config.clamp(theta + stepFor(TuningDecision.Action.UP));
            if (up <= theta) {
                return hold(window, bound, "NN@10 bound " + round(bound) + " below the target " + config.target() + " at the highest θ "
                    + config.maxTheta());
            }
            return new TuningDecision(TuningDecision.Action.UP, theta, up, window, bound, "NN@10 bound " + round(bound)
                + " below the target " + config.target());
        }
        if (bound < config.target() + config.margin()) {
            return hold(window, bound, "NN@10 bound " + round(bound) + " meets the target " + config.target() + " within the margin "
                + config.margin());
        }
        double down = config.clamp(theta - nextStep(TuningDecision.Action.DOWN));
        if (down >= theta) {
            return hold(window, bound, "at the lowest θ " + config.minTheta());
        }
        Long failed = failedAt.get(key(down));
        if (failed != null && decisions - failed <= config.memory()) {
            return hold(window, bound, "θ " + round(down) + " fell short " + (decisions - failed) + " decision(s) ago");
        }
        stepFor(TuningDecision.Action.DOWN);
        return new TuningDecision(TuningDecision.Action.DOWN, theta, down, window, bound, "NN@10 bound " + round(bound)
            + " clears the target " + config.target() + " by the margin " + config.margin());
    }

    /** The step a move in this direction would take: half the last one after a reversal. */
    private double nextStep(TuningDecision.Action move) {
        boolean reversal = lastMove != TuningDecision.Action.HOLD && lastMove != move;
        return reversal ? Math.max(TuningConfig.MIN_STEP, step / 2) : step;
    }

    /** Takes a move in this direction: the step it uses becomes the current one. */
    private double stepFor(TuningDecision.Action move) {
        step = nextStep(move);
        lastMove = move;
        return step;
    }

    /** The step the next move in the same direction takes. */
    public double step() {
        return step;
    }

    private static TuningDecision hold(TuningWindow window, double bound, String reason) {
        return new TuningDecision(TuningDecision.Action.HOLD, window.theta(), window.theta(), window, bound, reason);
    }

    /** θ to a whole number of thousandths, so that 0.95 reached by steps and 0.95 set by hand are the same key. */
    private static long key(double theta) {
        return Math.round(theta * 1000);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
