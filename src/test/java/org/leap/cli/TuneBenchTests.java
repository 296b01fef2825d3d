package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where θ settled: the last move's new θ, and the windows measured there afterwards, beside the first window's. */
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
