package org.leap.encoder;

import java.util.List;

import org.leap.model.ModelDescriptor;

/**
 * A sentence encoder that can stop early. Implementations sort texts by length into batches, let every row of a
 * batch exit on its own, and return results in input order.
 */
public interface SentenceEncoder extends AutoCloseable {
    ModelDescriptor model();

    /** The engine that runs it: {@code onnxruntime} or {@code pytorch}. */
    String engine();

    /** The device actually used, {@code cpu} or {@code gpu(0)}, and why it was chosen. */
    DeviceChoice device();

    /**
     * Encodes texts. Bad text (null, empty, only whitespace) fails the whole call with an
     * {@link IllegalArgumentException} naming its index, before any compute.
     */
    List<Embedding> encode(List<String> texts, EncodeOptions options);

    @Override
    void close();
}
