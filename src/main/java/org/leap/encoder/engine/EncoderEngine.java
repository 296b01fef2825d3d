package org.leap.encoder.engine;

import java.util.Locale;

import org.leap.encoder.DeviceRequest;
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

    /** Whether this engine can take the request: the ONNX Runtime here is its CPU build, so it cannot take gpu. */
    public boolean accepts(DeviceRequest device) {
        return this == PYTORCH || device.kind() != DeviceRequest.Kind.GPU;
    }

    /**
     * The engine that will actually run: ONNX Runtime sessions cannot be created once libtorch is loaded in the JVM
     * (PyTorch then computes NaN, see {@link OnnxLayerEncoder}), so after a training run in this process a model
     * asked for on ONNX Runtime loads on PyTorch. {@link #load} reports which one it took through the encoder's device.
     */
    public EncoderEngine available() {
        return this == ONNXRUNTIME && DjlEngine.started() ? PYTORCH : this;
    }

    /**
     * Loads a model by name on this engine, or on PyTorch when {@link #available()} says so.
     *
     * @throws IllegalArgumentException for a device this engine does not {@link #accepts}, or (on PyTorch) gpu where
     *     libtorch cannot use one
     */
    public SentenceEncoder load(ModelCatalog catalog, String model, EncoderConfig config) {
        DeviceRequest device = config.device();
        if (accepts(device) == false) {
            throw new IllegalArgumentException(device.asked() + ", which needs the pytorch engine: the " + key()
                + " engine runs on CPU only here; see README.md, section \"Device\"");
        }
        return switch (available()) {
            case ONNXRUNTIME -> OnnxLayerEncoder.load(catalog, model, cpuReason(device), config.maxRows(), config.tokenBudget(),
                config.threads());
            case PYTORCH -> {
                if (DjlEngine.started() == false) {
                    // process-wide in libtorch: the first encoder to load sets them, later ones share them
                    DjlEngine.configureThreads(config.threads(), 1);
                }
                yield DjlBertEncoder.load(catalog, model, device, config.maxRows(), config.tokenBudget());
            }
        };
    }

    /** Why a model on ONNX Runtime runs on the CPU: cpu was asked for, or auto met an engine with no other device. */
    private static String cpuReason(DeviceRequest device) {
        return device.kind() == DeviceRequest.Kind.AUTO ? device.asked() + " and the onnxruntime engine runs on CPU only" : device.asked();
    }
}
