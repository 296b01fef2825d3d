package org.leap.plugin.model;

import java.util.List;

import org.leap.encoder.Embedding;

/**
 * The outcome of one encode through the registry.
 *
 * @param modelId the model that encoded
 * @param depth whether the rows ran the exit rule or every layer
 * @param theta the theta of the exit rule (the request's own, the degraded one under load, or the model's setting); it
 *     decided nothing at full depth
 * @param degraded whether the node ran it at a lower θ than the model's because its inference queue was over budget
 * @param settings the model's settings at the time, with their version
 * @param embeddings one per text, in input order
 * @param truncated per text: cut before tokenizing or at the model's max length
 */
public record EncodeResult(String modelId, EncodeDepth depth, double theta, boolean degraded, ModelSettings settings,
    List<Embedding> embeddings, boolean[] truncated) {}
