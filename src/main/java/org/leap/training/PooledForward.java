package org.leap.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.leap.encoder.djl.BertNetwork;

/**
 * Runs a batch through a {@link BertNetwork} and returns the mean-pooled embedding of every layer, through the same
 * embed, layer, mask and pooling functions the encoder serves with.
 *
 * <p>Each layer runs under a scratch manager that is closed at once, so a step's Java handles stay bounded; autograd
 * keeps its own references to whatever backward needs. The pooled outputs live in the caller's manager.
 */
final class PooledForward {
    private PooledForward() {}

    /**
     * @param tokens token ids of every sentence (no padding)
     * @param rows the sentences of this batch
     * @param manager per-step manager that owns the inputs and the pooled outputs
     * @return pooled {@code [B, H]} embeddings of layers 1..L
     */
    static List<NDArray> run(BertNetwork network, long[][] tokens, int[] rows, NDManager manager) {
        int seq = Arrays.stream(rows).map(r -> tokens[r].length).max().orElseThrow();
        long[] ids = new long[rows.length * seq];
        float[] mask = new float[rows.length * seq];
        boolean padded = false;
        for (int i = 0; i < rows.length; i++) {
            long[] t = tokens[rows[i]];
            System.arraycopy(t, 0, ids, i * seq, t.length);
            Arrays.fill(mask, i * seq, i * seq + t.length, 1f);
            padded |= t.length < seq;
        }
        NDArray idArray = manager.create(ids, new Shape(rows.length, seq));
        NDArray maskArray = manager.create(mask, new Shape(rows.length, seq));
        NDArray bias = padded ? BertNetwork.maskBias(maskArray) : null;
        NDArray pooling = BertNetwork.poolingWeights(maskArray);
        NDArray x = network.embed(idArray);
        List<NDArray> pooled = new ArrayList<>(network.model().layers());
        for (int l = 0; l < network.model().layers(); l++) {
            try (NDManager scratch = manager.newSubManager()) {
                x.attach(scratch);
                NDArray next = network.layer(l, x, bias);
                NDArray p = BertNetwork.meanPool(next, pooling);
                next.attach(manager);
                p.attach(manager);
                pooled.add(p);
                x = next;
            }
        }
        return pooled;
    }
}
