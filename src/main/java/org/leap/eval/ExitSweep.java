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
        int[] histogram = new int[layers];
        double sumLayers = 0;
        double sumSim = 0;
        int early = 0;
        int byLayer7 = 0;
        for (Embedding e : traced) {
            int exit = ExitRule.exitLayer(policy, e.trace());
            histogram[exit - 1]++;
            sumLayers += exit;
            sumSim += VectorMath.cosine(e.trace()[exit - 1], e.trace()[layers - 1]);
            early += exit < layers ? 1 : 0;
            byLayer7 += exit <= 7 && exit < layers ? 1 : 0;
        }
        int n = traced.size();
        double mean = sumLayers / n;
        return new ExitSweep(policy.theta(), early / (double) n, byLayer7 / (double) n, histogram, mean, layers / mean, sumSim / n);
    }

    /** The exit-layer vector of each traced row under the policy. */
    public static float[][] exitVectors(List<Embedding> traced, ExitPolicy policy) {
        return traced.stream().map(e -> e.trace()[ExitRule.exitLayer(policy, e.trace()) - 1]).toArray(float[][]::new);
    }
}
