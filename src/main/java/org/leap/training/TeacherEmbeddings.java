package org.leap.training;

import java.util.List;

import ai.djl.ndarray.NDArray;

/**
 * The frozen teacher's pooled embeddings of one batch, {@code [B, Ht]} each, computed without gradient. The per-layer
 * list is only filled when a loss term reads it (L_inter); otherwise the final embedding is all there is, and it can
 * come from a cache instead of a forward pass.
 *
 * @param layers layers 1..Lt, or empty
 * @param finalLayer layer Lt
 */
public record TeacherEmbeddings(List<NDArray> layers, NDArray finalLayer) {
    public TeacherEmbeddings {
        layers = List.copyOf(layers);
        if (finalLayer == null) {
            throw new IllegalArgumentException("the teacher's final embedding is required");
        }
        if (layers.isEmpty() == false && layers.get(layers.size() - 1) != finalLayer) {
            throw new IllegalArgumentException("the final embedding must be the last of the teacher's layers");
        }
    }

    public static TeacherEmbeddings ofLayers(List<NDArray> layers) {
        return new TeacherEmbeddings(layers, layers.get(layers.size() - 1));
    }

    public static TeacherEmbeddings ofFinal(NDArray finalLayer) {
        return new TeacherEmbeddings(List.of(), finalLayer);
    }
}
