package org.leap.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.leap.encoder.djl.BertNetwork;

/**
 * The frozen teacher. Its embeddings are computed with autograd off, so they cost one forward pass and hold no graph.
 * When the loss reads only the teacher's final layer, each text's final embedding goes into a {@link TeacherCache}
 * after its first use and the teacher runs only on the batch's rows the cache lacks, so later epochs and resumed
 * sessions skip it.
 */
final class Teacher implements AutoCloseable {
    private final BertNetwork network;
    private final long[][] tokens;
    private final TeacherCache finals;

    /**
     * @param network the teacher's network; its parameters never require gradient
     * @param tokens every corpus text in the teacher's own tokenization
     * @param finals the cache of final embeddings, or null when the loss needs every teacher layer
     */
    Teacher(BertNetwork network, long[][] tokens, TeacherCache finals) {
        this.network = network;
        this.tokens = tokens;
        this.finals = finals;
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
        if (finals == null) {
            return TeacherEmbeddings.ofLayers(forward(rows, manager));
        }
        int h = hidden();
        int[] missing = Arrays.stream(rows).filter(r -> finals.get(r) == null).toArray();
        if (missing.length > 0) {
            try (NDManager scratch = manager.newSubManager()) {
                List<NDArray> layers = forward(missing, scratch);
                float[] values = layers.get(layers.size() - 1).toFloatArray();
                for (int i = 0; i < missing.length; i++) {
                    finals.put(missing[i], Arrays.copyOfRange(values, i * h, (i + 1) * h));
                }
            }
        }
        float[] batch = new float[rows.length * h];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(finals.get(rows[i]), 0, batch, i * h, h);
        }
        return TeacherEmbeddings.ofFinal(manager.create(batch, new Shape(rows.length, h)));
    }

    /** The teacher's final embeddings {@code [N, H]} of texts outside the corpus, in {@code manager}. */
    NDArray embedFinal(long[][] textTokens, NDManager manager) {
        int[] all = IntStream.range(0, textTokens.length).toArray();
        try (Autograd.Paused ignored = Autograd.paused()) {
            List<NDArray> layers = PooledForward.run(network, textTokens, all, manager);
            return layers.get(layers.size() - 1);
        }
    }

    /**
     * Saves the final embeddings computed since the last save, so a resumed session reuses them.
     *
     * @return the file written, or null for none (nothing new, an in-memory cache, or no cache)
     */
    Path saveCache() {
        return finals == null ? null : finals.save();
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
