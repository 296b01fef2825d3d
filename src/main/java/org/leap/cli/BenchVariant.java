package org.leap.cli;

import java.util.List;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.SentenceEncoder;

/**
 * One line of the benchmark: an encoder with the options it runs under, by the name its figures are reported with.
 * Another engine's early exit joins the benchmark as one more of these.
 */
record BenchVariant(String name, SentenceEncoder encoder, EncodeOptions options) {
    List<Embedding> encode(List<String> texts) {
        return encoder.encode(texts, options);
    }

    LayerFlops flops() {
        return new LayerFlops(encoder.model().hidden());
    }
}
