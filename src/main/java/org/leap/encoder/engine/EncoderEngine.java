package org.leap.encoder.engine;

import java.util.Locale;

import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlBertEncoder;
import org.leap.encoder.djl.DjlEngine;
import org.leap.encoder.onnx.OnnxLayerEncoder;
import org.leap.model.ModelCatalog;

/**
 * The engines an early-exit encoder runs on, and the one place that loads an encoder on one of them.
 *
 * <p>{@code onnxruntime} is the default for inference on CPU: it runs each layer on ONNX Runtime's fused kernels, as
 * fast per layer as the exported model, so the layers early exit skips are time saved against a user's plain ONNX
 * Runtime encoder. {@code pytorch} (DJL eager, op by op) is what training uses and what a GPU needs.
 */
public enum EncoderEngine {
    ONNXRUNTIME,
    PYTORCH;

    /** @throws IllegalArgumentException for a name that is neither engine */
    public static EncoderEngine parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("engine must be one of onnxruntime, pytorch; got [" + name + "]");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The engine that will actually run: ONNX Runtime sessions cannot be created once libtorch is loaded in the JVM
     * (PyTorch then computes NaN, see {@link OnnxLayerEncoder}), so after a training run in this process a model
     * asked for on ONNX Runtime loads on PyTorch. {@link #load} reports which one it took through the encoder's device.
     */
    public EncoderEngine available() {
        return this == ONNXRUNTIME && DjlEngine.started() ? PYTORCH : this;
    }

    /** Loads a model by name on this engine, or on PyTorch when {@link #available()} says so. */
    public SentenceEncoder load(ModelCatalog catalog, String model, EncoderConfig config) {
        return switch (available()) {
            case ONNXRUNTIME -> {
                if (config.device().equals("gpu")) {
                    throw new IllegalArgumentException("device [gpu] needs engine [pytorch]; the onnxruntime engine runs on CPU");
                }
                yield OnnxLayerEncoder.load(catalog, model, config.maxRows(), config.tokenBudget(), config.threads());
            }
            case PYTORCH -> {
                if (DjlEngine.started() == false) {
                    // process-wide in libtorch: the first encoder to load sets them, later ones share them
                    DjlEngine.configureThreads(config.threads(), 1);
                }
                yield DjlBertEncoder.load(catalog, model, config.device(), config.maxRows(), config.tokenBudget());
            }
        };
    }
}
