package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Where θ settled: the θ in force at the end, from the first decision after which it never goes above it and leaves it
 * only for probes of a cheaper θ never accepted, and the largest window measured there, beside the first window's.
 */
class TuneBenchTests {
    private static final double TARGET = 0.90;

    private static Map<String, Object> row(String action, double theta, double newTheta, long samples, double nn10, double bound,
        double layers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("value", theta);
        m.put("new_value", newTheta);
        m.put("samples", samples);
        m.put("nn10", nn10);
        m.put("nn10_lower_bound", bound);
        m.put("mean_exit_layer", layers);
        return m;
    }

    @Test
    void testSettlesAtTheLastMoveAndReadsTheLargestWindowThere() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.98, 200, 0.99, 0.97, 11.9), row("up", 0.98, 0.985, 200, 0.70, 0.67,
            8.0), row("hold", 0.985, 0.985, 200, 0.92, 0.89, 9.0), row("hold", 0.985, 0.985, 400, 0.94, 0.92, 9.4));
        Map<String, Object> s = TuneBench.settled(rows, TARGET);
        assertEquals(0.985, s.get("settled_value"));
        assertEquals(2, s.get("decisions_to_settle"));
        assertEquals(400L, s.get("settled_samples"));
        assertEquals(0.94, (Double) s.get("settled_nn10"), 1e-9);
        assertEquals(0.92, (Double) s.get("settled_nn10_lower_bound"), 1e-9);
        assertEquals(9.4, (Double) s.get("settled_mean_exit_layer"), 1e-9);
        assertEquals(0.99, s.get("start_nn10"));
        assertEquals(11.9, s.get("start_mean_exit_layer"));
    }

    /** Down to a cheaper θ, a wait there for samples, back up: a probe, however many decisions it took. */
    @Test
    void testAProbeThatWaitedAndCameBackDoesNotUnsettle() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.988, 200, 0.99, 0.97, 12.0), row("hold", 0.988, 0.988, 400, 0.96,
            0.94, 11.4), row("down", 0.988, 0.987, 600, 0.97, 0.95, 11.5), row("hold", 0.987, 0.987, 200, 0.91, 0.89, 10.9), row("up",
                0.987, 0.988, 400, 0.89, 0.88, 10.9), row("hold", 0.988, 0.988, 200, 0.97, 0.95, 11.5));
        Map<String, Object> s = TuneBench.settled(rows, TARGET);
        assertEquals(0.988, s.get("settled_value"));
        assertEquals(1, s.get("decisions_to_settle"));
        assertEquals(1, s.get("probes"));
        assertEquals(600L, s.get("settled_samples"));
        assertEquals(0.97, (Double) s.get("settled_nn10"), 1e-9);
    }

    /** A cheaper θ whose bound met the target was accepted: coming back from it later is a move, not a probe. */
    @Test
    void testAnAcceptedCheaperThetaIsAMoveNotAProbe() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.98, 200, 0.99, 0.97, 12.0), row("down", 0.98, 0.97, 200, 0.95, 0.93,
            9.0), row("hold", 0.97, 0.97, 200, 0.91, 0.905, 8.5), row("up", 0.97, 0.98, 400, 0.85, 0.83, 8.0), row("hold", 0.98, 0.98, 200,
                0.95, 0.93, 9.0));
        Map<String, Object> s = TuneBench.settled(rows, TARGET);
        assertEquals(0.98, s.get("settled_value"));
        assertEquals(4, s.get("decisions_to_settle"));
        assertEquals(0, s.get("probes"));
    }

    /** The last decision steps down to probe a cheaper θ: settled is the θ it left, whose window met the target. */
    @Test
    void testAProbeStillUnderWayAtTheEndLeavesTheAcceptedTheta() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.987, 200, 0.99, 0.97, 12.0), row("hold", 0.987, 0.987, 500, 0.925,
            0.91, 10.9), row("hold", 0.987, 0.987, 1000, 0.927, 0.919, 10.8), row("down", 0.987, 0.9868, 1000, 0.931, 0.923, 10.9));
        Map<String, Object> s = TuneBench.settled(rows, TARGET);
        assertEquals(0.987, s.get("settled_value"));
        assertEquals(1, s.get("decisions_to_settle"));
        assertEquals(1, s.get("probes"));
        assertEquals(1000L, s.get("settled_samples"));
        assertEquals(2, s.get("settled_windows"));
        assertEquals(0.929, (Double) s.get("settled_nn10"), 1e-9);
    }

    @Test
    void testAThetaAboveTheSettledOneUnsettles() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.98, 200, 0.99, 0.97, 12.0), row("up", 0.98, 0.99, 200, 0.85, 0.83,
            8.0), row("down", 0.99, 0.98, 200, 0.99, 0.97, 12.0), row("hold", 0.98, 0.98, 200, 0.93, 0.91, 9.0));
        assertEquals(3, TuneBench.settled(rows, TARGET).get("decisions_to_settle"));
    }

    @Test
    void testWithoutAMoveTheStartIsWhereItSettled() {
        Map<String, Object> s = TuneBench.settled(List.of(row("hold", 0.95, 0.95, 200, 0.91, 0.905, 9.0), row("hold", 0.95, 0.95, 400,
            0.93, 0.915, 9.2)), TARGET);
        assertEquals(0.95, s.get("settled_value"));
        assertEquals(0, s.get("decisions_to_settle"));
        assertEquals(0.93, (Double) s.get("settled_nn10"), 1e-9);
    }

    @Test
    void testAMoveAtTheLastDecisionLeavesNoWindowMeasuredThere() {
        Map<String, Object> s = TuneBench.settled(List.of(row("hold", 0.95, 0.95, 200, 0.91, 0.905, 9.0), row("up", 0.95, 0.96, 400, 0.85,
            0.83, 8.8)), TARGET);
        assertEquals(0.96, s.get("settled_value"));
        assertEquals(0L, s.get("settled_samples"));
        assertEquals(Double.NaN, s.get("settled_nn10"));
    }
}
