package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Where θ settled: the θ in force at the end, from the first decision after which it leaves only for one-decision
 * probes, and the windows measured there afterwards, beside the first window's.
 */
class TuneBenchTests {
    private static Map<String, Object> row(String action, double theta, double newTheta, double nn10, double layers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", action);
        m.put("theta", theta);
        m.put("new_theta", newTheta);
        m.put("nn10", nn10);
        m.put("mean_exit_layer", layers);
        return m;
    }

    @Test
    void testSettlesAtTheLastMoveAndAveragesTheWindowsAfterIt() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.98, 0.99, 11.9), row("up", 0.98, 0.985, 0.70, 8.0),
            row("hold", 0.985, 0.985, 0.92, 9.0), row("hold", 0.985, 0.985, 0.94, 9.4));
        Map<String, Object> s = TuneBench.settled(rows);
        assertEquals(0.985, s.get("settled_theta"));
        assertEquals(2, s.get("decisions_to_settle"));
        assertEquals(2, s.get("windows_at_settled_theta"));
        assertEquals(0.93, (Double) s.get("settled_nn10"), 1e-9);
        assertEquals(9.2, (Double) s.get("settled_mean_exit_layer"), 1e-9);
        assertEquals(0.99, s.get("start_nn10"));
        assertEquals(11.9, s.get("start_mean_exit_layer"));
    }

    @Test
    void testAProbeDownThatComesBackDoesNotUnsettle() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.988, 0.99, 12.0), row("hold", 0.988, 0.988, 0.96, 11.4),
            row("hold", 0.988, 0.988, 0.98, 11.6), row("down", 0.988, 0.987, 0.97, 11.5), row("up", 0.987, 0.988, 0.92, 10.9),
            row("hold", 0.988, 0.988, 0.97, 11.5));
        Map<String, Object> s = TuneBench.settled(rows);
        assertEquals(0.988, s.get("settled_theta"));
        assertEquals(1, s.get("decisions_to_settle"));
        assertEquals(4, s.get("windows_at_settled_theta"));
        assertEquals(1, s.get("probes"));
        assertEquals(0.97, (Double) s.get("settled_nn10"), 1e-9);
    }

    @Test
    void testTwoDecisionsAwayIsAMoveNotAProbe() {
        List<Map<String, Object>> rows = List.of(row("down", 0.99, 0.98, 0.99, 12.0), row("down", 0.98, 0.97, 0.95, 9.0),
            row("hold", 0.97, 0.97, 0.91, 8.5), row("up", 0.97, 0.98, 0.85, 8.0), row("hold", 0.98, 0.98, 0.95, 9.0));
        Map<String, Object> s = TuneBench.settled(rows);
        assertEquals(0.98, s.get("settled_theta"));
        assertEquals(4, s.get("decisions_to_settle"));
        assertEquals(0, s.get("probes"));
    }

    @Test
    void testWithoutAMoveTheStartIsWhereItSettled() {
        Map<String, Object> s = TuneBench.settled(List.of(row("hold", 0.95, 0.95, 0.91, 9.0), row("hold", 0.95, 0.95, 0.93, 9.2)));
        assertEquals(0.95, s.get("settled_theta"));
        assertEquals(0, s.get("decisions_to_settle"));
        assertEquals(0.92, (Double) s.get("settled_nn10"), 1e-9);
    }

    @Test
    void testAMoveAtTheLastDecisionLeavesNoWindowMeasuredThere() {
        Map<String, Object> s = TuneBench.settled(List.of(row("hold", 0.95, 0.95, 0.91, 9.0), row("up", 0.95, 0.96, 0.85, 8.8)));
        assertEquals(0.96, s.get("settled_theta"));
        assertEquals(0, s.get("windows_at_settled_theta"));
        assertEquals(Double.NaN, s.get("settled_nn10"));
    }
}
