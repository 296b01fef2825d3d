package org.leap.plugin.degrade;

import java.util.List;
import java.util.OptionalDouble;

import org.leap.plugin.tuning.TuningRecord;
import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningDecision;
import org.opensearch.test.OpenSearchTestCase;

/** The θ an encode degrades to, from the controller's measured decisions only. */
public class DegradedThetaTests extends OpenSearchTestCase {
    /** A decision measured at θ over 40 queries with this NN@10 lower bound, at this time. */
    private static TuningRecord measured(double theta, double bound, long time) {
        return new TuningRecord(time, TuningRecord.Measure.QUERY, TunedSetting.THETA, TuningDecision.Action.HOLD, theta, theta, 40, Math.min(1, bound + 0.1),
            bound, 7.5, "held", 1, -1);
    }

    public void testTheCheapestMeasuredThetaMeetingTheFloor() {
        List<TuningRecord> evidence = List.of(measured(0.93, 0.80, 1), measured(0.90, 0.72, 2), measured(0.85, 0.40, 3),
            measured(0.97, 0.95, 4));
        assertEquals(OptionalDouble.of(0.90), DegradedTheta.choose(0.95, 0.7, evidence));
        assertEquals(OptionalDouble.of(0.85), DegradedTheta.choose(0.95, 0.4, evidence));
        assertEquals("a floor the cheaper θ misses leaves the dearer one", OptionalDouble.of(0.93), DegradedTheta.choose(0.95, 0.75,
            evidence));
    }

    public void testNoThetaMeetingTheFloorDegradesNothing() {
        List<TuningRecord> evidence = List.of(measured(0.90, 0.62, 1), measured(0.85, 0.40, 2));
        assertEquals(OptionalDouble.empty(), DegradedTheta.choose(0.95, 0.7, evidence));
    }

    public void testNoEvidenceDegradesNothing() {
        assertEquals(OptionalDouble.empty(), DegradedTheta.choose(0.95, 0.1, List.of()));
    }

    public void testOnlyThetasBelowTheOneInForceCount() {
        List<TuningRecord> evidence = List.of(measured(0.95, 0.99, 1), measured(0.97, 0.99, 2));
        assertEquals(OptionalDouble.empty(), DegradedTheta.choose(0.95, 0.5, evidence));
        assertEquals("a query at full depth may degrade to any measured θ", OptionalDouble.of(0.95), DegradedTheta.choose(1.0, 0.5,
            evidence));
    }

    public void testTheNewestMeasurementOfATheta() {
        assertEquals("measured good, then short: not a candidate", OptionalDouble.empty(), DegradedTheta.choose(0.95, 0.7, List.of(
            measured(0.90, 0.80, 1), measured(0.90, 0.50, 2))));
        assertEquals("short, then good: a candidate", OptionalDouble.of(0.90), DegradedTheta.choose(0.95, 0.7, List.of(measured(0.90,
            0.50, 1), measured(0.90, 0.80, 2))));
    }

    public void testAWindowTooSmallToDecideIsNoEvidence() {
        TuningRecord tooFew = new TuningRecord(1, TuningRecord.Measure.QUERY, TunedSetting.THETA, TuningDecision.Action.HOLD, 0.90, 0.90, 5, 0.9, Double.NaN,
            7, "5 of the 20 samples", 1, -1);
        assertEquals(OptionalDouble.empty(), DegradedTheta.choose(0.95, 0.1, List.of(tooFew)));
    }

    public void testACalibrationTargetMeasuredIsNoTheta() {
        TuningRecord target = new TuningRecord(1, TuningRecord.Measure.QUERY, TunedSetting.CALIBRATION_TARGET, TuningDecision.Action.HOLD,
            0.90, 0.90, 40, 0.9, 0.85, 7, "held", 1, -1);
        assertEquals(OptionalDouble.empty(), DegradedTheta.choose(0.95, 0.5, List.of(target)));
    }
}
