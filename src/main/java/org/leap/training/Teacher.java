package org.leap.training;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.leap.encoder.djl.BertNetwork;

/**
 * The frozen teacher. Its embeddings are computed with autograd off, so they cost one forward pass and hold no graph.
 * When the loss reads only the teacher's final layer, each sentence's final embedding is kept after its first use
 * (4 bytes times the width per sentence: 200 MB for 131K sentences at 384), so later epochs skip the teacher.
 */
final class Teacher implements AutoCloseable {
    private final BertNetwork network;
    private final long[][] tokens;
    private final boolean allLayers;
    private final float[][] finalCache;

    /**
     * @param network the teacher's network; its parameters never require gradient
     * @param tokens every corpus sentence in the teacher's own tokenization
     * @param allLayers whether the loss needs every teacher layer (no cache then)
     */
    Teacher(BertNetwork network, long[][] tokens, boolean allLayers) {
        this.network = network;
        this.tokens = tokens;
        this.allLayers = allLayers;
        this.finalCache = allLayers ? null : new float[tokens.length][];
    }

    BertNetwork network() {
        return network;
    }

    int layers() {
        return network.model().layers();
    }

    int hidden() {
        return network.model().hidden();
    }

    /** The teacher's embeddings of a batch, in {@code manager}. */
    TeacherEmbeddings embed(int[] rows, NDManager manager) {
        if (allLayers) {
            return TeacherEmbeddings.ofLayers(forward(rows, manager));
        }
        boolean cached = true;
        for (int r : rows) {
            cached &= finalCache[r] != null;
        }
        if (cached == false) {
            try (NDManager scratch = manager.newSubManager()) {
                List<NDArray> layers = forward(rows, scratch);
                float[] values = layers.get(layers.size() - 1).toFloatArray();
                int h = hidden();
                for (int i = 0; i < rows.length; i++) {
                    finalCache[rows[i]] = java.util.Arrays.copyOfRange(values, i * h, (i + 1) * h);
                }
            }
        }
        float[] batch = new float[rows.length * hidden()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(finalCache[rows[i]], 0, batch, i * hidden(), hidden());
        }
        return TeacherEmbeddings.ofFinal(manager.create(batch, new Shape(rows.length, hidden())));
    }

    private List<NDArray> forward(int[] rows, NDManager manager) {
        try (Autograd.Paused ignored = Autograd.paused()) {
            return PooledForward.run(network, tokens, rows, manager);
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
