package org.leap.eval;

import java.util.List;

import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.ExitRule;
import org.leap.encoder.VectorMath;

/**
 * What an exit policy does to a set of traced rows, replayed with the encoder's own rule: exit rate, exit-layer
 * histogram, layer reduction L/E[l], and how close exited vectors sit to the final layer (the false-convergence tell).
 */
public record ExitSweep(double theta, double exitRate, double exitedByLayer7, int[] histogram, double meanExitLayer,
                        double layerReduction, double meanSimToFinal) {

    public static ExitSweep replay(List<Embedding> traced, ExitPolicy policy) {
        int layers = traced.get(0).trace().length;
        int[] exitLayers = new int[traced.size()];
        double sumSim = 0;
        for (int i = 0; i < exitLayers.length; i++) {
            float[][] trace = traced.get(i).trace();
            exitLayers[i] = ExitRule.exitLayer(policy, trace);
            sumSim += VectorMath.cosine(trace[exitLayers[i] - 1], trace[layers - 1]);
        }
        ExitSummary exits = ExitSummary.ofLayers(exitLayers, layers);
        int[] histogram = java.util.Arrays.stream(exits.histogram()).mapToInt(Math::toIntExact).toArray();
        return new ExitSweep(policy.theta(), exits.exitRate(), exits.exitedBy(7), histogram, exits.meanExitLayer(),
            exits.layerReduction(), sumSim / exitLayers.length);
    }

    /** The exit-layer vector of each traced row under the policy. */
    public static float[][] exitVectors(List<Embedding> traced, ExitPolicy policy) {
        return traced.stream().map(e -> e.trace()[ExitRule.exitLayer(policy, e.trace()) - 1]).toArray(float[][]::new);
    }
}
