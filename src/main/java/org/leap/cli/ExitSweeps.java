package org.leap.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.eval.ExitSweep;

/** The theta grid every report sweeps, and its JSON and table forms. */
final class ExitSweeps {
    static final double[] THETAS = { 0.90, 0.93, 0.95, 0.97, 0.99 };

    private ExitSweeps() {}

    static List<ExitSweep> replay(List<Embedding> traced, ExitPolicy base) {
        List<ExitSweep> sweeps = new ArrayList<>();
        for (double theta : THETAS) {
            sweeps.add(ExitSweep.replay(traced, base.withTheta(theta)));
        }
        return sweeps;
    }

    static Map<String, Object> json(ExitSweep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("theta", s.theta());
        m.put("exit_rate", Output.round(s.exitRate()));
        m.put("exited_by_layer_7", Output.round(s.exitedByLayer7()));
        m.put("mean_exit_layer", Output.round(s.meanExitLayer()));
        m.put("layer_reduction", Output.round(s.layerReduction()));
        m.put("mean_sim_to_final", Output.round(s.meanSimToFinal()));
        m.put("histogram", s.histogram());
        return m;
    }

    static String header() {
        return "theta  exit   by-L7  E[l]   L/E[l] sim-to-final  histogram (layers 1..L)";
    }

    static String row(ExitSweep s) {
        return String.format(java.util.Locale.ROOT, "%4.2f   %s  %s  %5.2f  %5.2fx %s        %s", s.theta(), Output.f3(s.exitRate()),
            Output.f3(s.exitedByLayer7()), s.meanExitLayer(), s.layerReduction(), Output.f3(s.meanSimToFinal()),
            java.util.Arrays.toString(s.histogram()));
    }
}
