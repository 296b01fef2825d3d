package org.leap.encoder.engine;

import java.util.Objects;

import org.leap.encoder.DeviceRequest;

/**
 * How an encoder is loaded, whatever its engine.
 *
 * @param device cpu, gpu or auto, as asked (gpu needs PyTorch; ONNX Runtime runs on CPU)
 * @param maxRows rows per forward pass at most
 * @param tokenBudget rows × longest row per forward pass at most
 * @param threads intra-op threads one encode uses; together with the callers' own threads they should not exceed the
 *     cores given to encoding, or the threads take turns on the cores and every encode slows down
 */
public record EncoderConfig(DeviceRequest device, int maxRows, int tokenBudget, int threads) {
    public EncoderConfig {
        Objects.requireNonNull(device, "device");
        if (maxRows < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxRows);
        }
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("token budget must be at least 1, got " + tokenBudget);
        }
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > processors) {
            throw new IllegalArgumentException("encoder threads must be in [1, " + processors + "] (this machine's processors), got "
                + threads);
        }
    }
}
