package org.leap.tuning;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Moves θ (or, under the calibrated exit policy, the calibration target: {@link TunedSetting}) one step at a time
 * toward the cheapest value whose NN@10 lower confidence bound ({@link ScoreBound}) meets the target. Up when the
 * bound falls short, unless the window can still grow and, full with the same mean and spread, would meet the target:
 * then it holds while the samples gather (a bound not yet met is no evidence of a shortfall, and waiting only pays
 * when it can prove the target). Down when the bound clears the target by the margin (hysteresis); when the θ a step
 * below fell short in the last {@code memory} decisions, it tries halfway to it instead, down to the finest step, and
 * holds only when there is no room left (so it does not step into a known failure and back again). Otherwise it holds.
 * Each reversal of direction halves the step, down to {@link TuningConfig#MIN_STEP}: NN@10 can fall off a cliff
 * between two θ a step apart, and halving finds the edge. Each decision reads one window of at least {@code
 * minSamples} queries measured at the θ in force. Not thread-safe: one controller per model, driven by one thread.
 * What it remembers is a {@link ControllerState}, so that a node can keep it between decisions and resume.
 */
public final class ThetaController {
    private final TuningConfig config;
    /** θ (in {@link ThetaGrain grains}) to the decision number when a window measured there last fell short. */
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
        if (bound < config.target() && window.lowerBoundWhenFull() >= config.target()) {
            return hold(window, bound, "NN@10 " + round(window.meanNn10()) + " would meet the target " + config.target()
                + " with a full window, its bound " + round(bound) + " not yet: the window gathers more samples");
        }
        if (bound < config.target()) {
            failedAt.put(ThetaGrain.key(theta), decisions);
            double up = config.clamp(theta + stepFor(TuningDecision.Action.UP));
            if (up <= theta) {
                return hold(window, bound, "NN@10 bound " + round(bound) + " below the target " + config.target() + " at the highest "
                    + config.setting().label() + " " + config.setting().max());
            }
            return new TuningDecision(TuningDecision.Action.UP, theta, up, window, bound, "NN@10 bound " + round(bound)
                + " below the target " + config.target());
        }
        if (bound < config.target() + config.margin()) {
            return hold(window, bound, "NN@10 bound " + round(bound) + " meets the target " + config.target() + " within the margin "
                + config.margin());
        }
        double downStep = nextStep(TuningDecision.Action.DOWN);
        double down = config.clamp(theta - downStep);
        if (down >= theta) {
            return hold(window, bound, "at the lowest " + config.setting().label() + " " + config.setting().min());
        }
        // the θ a step below fell short lately: try halfway to it, down to the finest step, as bisection does
        String reason = "NN@10 bound " + round(bound) + " clears the target " + config.target() + " by the margin " + config.margin();
        Long failed;
        while ((failed = recentFailure(down)) != null) {
            downStep /= 2;
            double halfway = config.clamp(theta - downStep);
            String fellShort = config.setting().label() + " " + ThetaGrain.round(down) + " fell short " + (decisions - failed)
                + " decision(s) ago";
            if (downStep < TuningConfig.MIN_STEP || halfway >= theta) {
                return hold(window, bound, fellShort);
            }
            reason = reason + "; halfway, as " + fellShort;
            down = halfway;
        }
        step = downStep;
        lastMove = TuningDecision.Action.DOWN;
        return new TuningDecision(TuningDecision.Action.DOWN, theta, down, window, bound, reason);
    }

    /** The decision at which this θ last fell short, if within the controller's memory. */
    private Long recentFailure(double theta) {
        Long failed = failedAt.get(ThetaGrain.key(theta));
        return failed != null && decisions - failed <= config.memory() ? failed : null;
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

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
