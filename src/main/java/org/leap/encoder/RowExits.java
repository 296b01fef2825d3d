package org.leap.encoder;

import java.util.Arrays;

/**
 * One batch's rows on their way through the layers: after each layer it takes the rows' pooled vectors, applies
 * {@link ExitRule}, and says which rows leave now. Every engine runs its layers its own way and hands the pooled
 * vectors here, so the exit decision, the trace and the returned vectors are made in one place.
 */
public final class RowExits {
    private final int layers;
    private final int hidden;
    private final ExitPolicy policy;
    private final EncodeMode mode;
    private final boolean trace;
    private final float[][][] pooled;
    private final float[][] vectors;
    private final int[] exitLayers;

    /** @param policy already checked for the model's depth */
    public RowExits(int rows, int layers, int hidden, ExitPolicy policy, EncodeOptions options) {
        this.layers = layers;
        this.hidden = hidden;
        this.policy = policy;
        this.trace = options.trace();
        this.mode = trace ? EncodeMode.FULL_DEPTH : options.mode();
        this.pooled = new float[rows][layers][];
        this.vectors = new float[rows][];
        this.exitLayers = new int[rows];
    }

    /** Whether the engine must pool after this layer (1-based); layers before the first comparison need no pooling. */
    public boolean needsPooling(int layer) {
        int firstPooled = mode == EncodeMode.FULL_DEPTH ? layers : policy.firstCheckedLayer() - policy.patience();
        return trace || layer >= firstPooled;
    }

    /**
     * Records a layer's mean-pooled vectors and decides exits.
     *
     * @param layer 1-based
     * @param pooledRows the active rows' pooled vectors, {@code active.length × hidden}, in {@code active} order
     * @param active the batch rows still running
     * @return per active row, whether it leaves after this layer (every row does after the last)
     */
    public boolean[] afterLayer(int layer, float[] pooledRows, int[] active) {
        boolean[] exited = new boolean[active.length];
        boolean last = layer == layers;
        for (int i = 0; i < active.length; i++) {
            float[] p = VectorMath.normalized(Arrays.copyOfRange(pooledRows, i * hidden, (i + 1) * hidden));
            float[][] history = pooled[active[i]];
            history[layer - 1] = p;
            boolean fires = mode != EncodeMode.FULL_DEPTH && last == false && layer >= policy.firstCheckedLayer()
                && ExitRule.exits(policy, layer, p, history[layer - 1 - policy.patience()]);
            if (last || (fires && mode == EncodeMode.EARLY_EXIT)) {
                vectors[active[i]] = p;
                exitLayers[active[i]] = layer;
                exited[i] = true;
            }
        }
        return exited;
    }

    /** The result of a batch row that has left. */
    public Embedding embedding(int row, boolean truncated) {
        return new Embedding(vectors[row], exitLayers[row], truncated, trace ? pooled[row] : null);
    }

    /** The entries of {@code active} whose row did not exit. */
    public static int[] remaining(int[] active, boolean[] exited) {
        int[] kept = new int[active.length];
        int n = 0;
        for (int i = 0; i < active.length; i++) {
            if (exited[i] == false) {
                kept[n++] = active[i];
            }
        }
        return Arrays.copyOf(kept, n);
    }
}
