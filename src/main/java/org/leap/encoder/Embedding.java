package org.leap.encoder;

/**
 * One encoded text.
 *
 * @param vector the L2-normalised mean-pooled hidden state at the exit layer
 * @param exitLayer the layer the row left at, 1-based; L when it ran the whole depth
 * @param truncated true when the text was cut at the model's max length
 * @param trace every layer's normalised pooled vector ({@code trace[l - 1]} is layer l), or null when not asked for
 */
public record Embedding(float[] vector, int exitLayer, boolean truncated, float[][] trace) {}
