package org.leap.encoder;

/**
 * The exit test itself, on pooled vectors, shared by the encoders and by the diagnostics that replay it over a
 * trace. Keeping one implementation is what makes a replayed exit histogram equal to the encoder's.
 */
public final class ExitRule {
    private ExitRule() {}

    /** Whether a row at {@code layer} (1-based) exits, given its pooled vectors at {@code layer} and {@code layer - k}. */
    public static boolean exits(ExitPolicy policy, int layer, float[] current, float[] lagged) {
        return layer >= policy.firstCheckedLayer() && VectorMath.cosine(current, lagged) >= policy.thetaAt(layer);
    }

    /**
     * Replays the rule over one row's pooled vectors, {@code pooled[l - 1]} being layer l's, and returns its exit
     * layer (L when no check fires).
     */
    public static int exitLayer(ExitPolicy policy, float[][] pooled) {
        int layers = pooled.length;
        for (int layer = policy.firstCheckedLayer(); layer < layers; layer++) {
            if (exits(policy, layer, pooled[layer - 1], pooled[layer - 1 - policy.patience()])) {
                return layer;
            }
        }
        return layers;
    }
}
