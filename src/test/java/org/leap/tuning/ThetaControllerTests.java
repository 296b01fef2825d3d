package org.leap.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/** The controller on a known NN@10-by-θ curve: where it settles, how fast, and that it does not oscillate. */
class ThetaControllerTests {
    /** NN@10 rising with θ, as early exit does: 0.70 at θ 0.85, 0.95 at θ 0.95, 1.0 from 0.97. */
    private static final DoubleUnaryOperator CURVE = theta -> Math.min(1, Math.max(0, 0.70 + 2.5 * (theta - 0.85)));

    private static double run(ThetaController controller, double theta, int decisions, int[] changes) {
        for (int i = 0; i < decisions; i++) {
            TuningDecision d = controller.decide(window(theta, 400, CURVE.applyAsDouble(theta), 7));
            changes[0] += d.changes() ? 1 : 0;
            theta = d.to();
        }
        return theta;
    }

    @Test
    void fromAboveItSettlesOnTheCheapestThetaWhoseBoundMeetsTheTarget() {
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        int[] changes = { 0 };
        double theta = run(controller, 0.99, 40, changes);
        double bound = window(theta, 400, CURVE.applyAsDouble(theta), 7).lowerBound();
        double below = window(theta - 0.01, 400, CURVE.applyAsDouble(theta - 0.01), 7).lowerBound();
        assertTrue(bound >= 0.90, "bound " + bound + " at θ " + theta);
        assertTrue(below < 0.92, "one step cheaper would not clear the margin: " + below);
        assertTrue(changes[0] <= 12, "it settles, not oscillates: " + changes[0] + " changes");
    }

    @Test
    void fromBelowItRisesUntilTheBoundMeetsTheTarget() {
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        TuningDecision first = controller.decide(window(0.85, 400, CURVE.applyAsDouble(0.85), 9));
        assertEquals(TuningDecision.Action.UP, first.action());
        assertEquals(0.86, first.to(), 1e-12);
        int[] changes = { 0 };
        double theta = run(controller, first.to(), 30, changes);
        assertTrue(window(theta, 400, CURVE.applyAsDouble(theta), 7).lowerBound() >= 0.90);
    }

    /** NN@10 falling off a cliff between θ 0.98 and 0.99, as measured on SciFact queries with leap-bge-small. */
    @Test
    void halvingTheStepFindsTheEdgeOfACliff() {
        DoubleUnaryOperator cliff = theta -> theta >= 0.984 ? 0.97 : theta >= 0.982 ? 0.935 : 0.77;
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        double theta = 0.99;
        int changes = 0;
        int settledAt = -1;
        for (int d = 1; d <= 20; d++) {
            TuningDecision decision = controller.decide(window(theta, 400, cliff.applyAsDouble(theta), 8));
            changes += decision.changes() ? 1 : 0;
            if (decision.changes()) {
                settledAt = -1;
            } else if (settledAt < 0) {
                settledAt = d;
            }
            theta = decision.to();
        }
        assertTrue(settledAt > 0 && settledAt <= 10, "settled at decision " + settledAt + " after " + changes + " changes");
        assertTrue(theta < 0.99 && window(theta, 400, cliff.applyAsDouble(theta), 8).lowerBound() >= 0.90, "θ " + theta);
    }

    /** Rebuilt from its state after every decision (as the node does), the controller takes the decisions it would have. */
    @Test
    void aControllerResumedFromItsStateDecidesAsTheOriginal() {
        DoubleUnaryOperator cliff = theta -> theta >= 0.984 ? 0.97 : theta >= 0.982 ? 0.935 : 0.77;
        TuningConfig config = TuningConfig.forTarget(0.90);
        ThetaController original = new ThetaController(config);
        ControllerState state = ControllerState.initial(config);
        double a = 0.99;
        double b = 0.99;
        boolean reversed = false;
        for (int d = 1; d <= 20; d++) {
            TuningDecision kept = original.decide(window(a, 400, cliff.applyAsDouble(a), 8));
            ThetaController resumed = new ThetaController(config, state);
            TuningDecision again = resumed.decide(window(b, 400, cliff.applyAsDouble(b), 8));
            assertEquals(kept.action(), again.action(), "decision " + d);
            assertEquals(kept.to(), again.to(), 0, "decision " + d);
            state = resumed.state();
            assertEquals(original.state(), state, "decision " + d);
            reversed |= original.step() < config.step();
            a = kept.to();
            b = again.to();
        }
        assertTrue(reversed, "the run reversed at least once, so the step and the memory were carried");
    }

    @Test
    void theStateForgetsFailuresOlderThanTheMemory() {
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        controller.decide(window(0.90, 400, 0.5, 8));
        assertEquals(Map.of(9000L, 1L), controller.state().failedAt(), "θ 0.90 in grains");
        for (int d = 0; d < 10; d++) {
            assertEquals(TuningDecision.Action.HOLD, controller.decide(window(0.95, 400, 0.93, 8)).action());
        }
        assertEquals(Map.of(), controller.state().failedAt());
    }

    /**
     * A bound short of the target that a full window with the same mean and spread would meet is no evidence of a
     * shortfall: θ holds while the window grows. One that a full window would not meet either goes up at once.
     */
    @Test
    void anUnprovenMeanWaitsForSamplesOnlyWhileAFullWindowCouldProveIt() {
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        TuningWindow growing = new TuningWindow(0.9866, 170, 1_000, 0.92, 0.92, 10.5);
        assertTrue(growing.lowerBound() < 0.90 && growing.lowerBoundWhenFull() >= 0.90, growing.lowerBound() + " " + growing
            .lowerBoundWhenFull());
        TuningDecision wait = controller.decide(growing);
        assertEquals(TuningDecision.Action.HOLD, wait.action());
        assertTrue(wait.reason().contains("gathers more samples"), wait.reason());
        TuningDecision full = controller.decide(new TuningWindow(0.9866, 1_000, 1_000, 0.90, 0.90, 10.2));
        assertEquals(TuningDecision.Action.UP, full.action(), "a full window's bound is what the samples give");
        TuningDecision hopeless = new ThetaController(TuningConfig.forTarget(0.90)).decide(new TuningWindow(0.9863, 170, 1_000, 0.904,
            0.904, 10.2));
        assertEquals(TuningDecision.Action.UP, hopeless.action(), "NN@10 0.904 spread as 0/1 cannot prove 0.90 on 1,000 samples");
    }

    /** With room below and the θ a step below fallen short lately, θ tries halfway to it instead of holding. */
    @Test
    void roomAboveARecentFailureIsBisected() {
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        assertEquals(0.98, controller.decide(window(0.99, 400, 1.0, 12)).to(), 1e-12);
        assertEquals(0.985, controller.decide(window(0.98, 400, 0.77, 8)).to(), 1e-12, "up by half the step");
        assertEquals(0.9825, controller.decide(window(0.985, 400, 0.99, 10)).to(), 1e-12, "down by half again");
        TuningDecision down = controller.decide(window(0.9825, 400, 0.99, 9));
        assertEquals(TuningDecision.Action.DOWN, down.action(), down.reason());
        assertEquals(ThetaGrain.round(0.9825 - 0.00125), down.to(), 1e-12, "halfway to the failure at 0.98, not onto it");
    }

    @Test
    void fewSamplesHoldAndBoundsAreKept() {
        ThetaController controller = new ThetaController(TuningConfig.forTarget(0.90));
        TuningDecision few = controller.decide(window(0.95, 20, 1.0, 7));
        assertEquals(TuningDecision.Action.HOLD, few.action());
        assertTrue(few.reason().contains("20 of the 100 samples"), few.reason());
        TuningDecision top = controller.decide(window(0.99, 400, 0.5, 12));
        assertEquals(TuningDecision.Action.HOLD, top.action(), "no θ above the highest");
        TuningDecision bottom = controller.decide(window(0.80, 400, 1.0, 6));
        assertEquals(TuningDecision.Action.HOLD, bottom.action(), "no θ below the lowest");
    }

    @Test
    void aBadConfigIsRefusedWithItsReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TuningConfig.forTarget(1.5));
        assertEquals("[target_nn10] must be in (0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TuningConfig(null, 0.9, 0.01, 100, 0.02, 10));
    }

    @Test
    void theCalibrationTargetMovesWithinItsOwnRange() {
        ThetaController controller = new ThetaController(TuningConfig.of(TunedSetting.CALIBRATION_TARGET, 0.90, 100));
        TuningDecision up = controller.decide(window(0.995, 1_000, 0.5, 9));
        assertEquals(TuningDecision.Action.UP, up.action());
        assertEquals(0.999, up.to(), 1e-9, "up to the calibration target's highest, above θ's 0.99");
        TuningDecision top = controller.decide(window(0.999, 1_000, 0.5, 12));
        assertEquals(TuningDecision.Action.HOLD, top.action());
        assertTrue(top.reason().contains("at the highest calibration target 0.999"), top.reason());
    }

    @Test
    void anNn10SettingOutsideZeroToOneIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TuningConfig.checkNn10("degrade_min_nn10", 0));
        assertEquals("[degrade_min_nn10] must be in (0, 1], got 0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TuningConfig.checkNn10("degrade_min_nn10", 1.001));
        assertThrows(IllegalArgumentException.class, () -> TuningConfig.checkNn10("degrade_min_nn10", Double.NaN));
        TuningConfig.checkNn10("degrade_min_nn10", 1);
    }

    /** A window whose scores spread as widely as their mean allows (all 0 or 1): the bound at its most careful. */
    private static TuningWindow window(double theta, long samples, double meanNn10, double meanExitLayer) {
        return new TuningWindow(theta, samples, samples, meanNn10, meanNn10, meanExitLayer);
    }
}
