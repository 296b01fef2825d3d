package org.leap.encoder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.leap.encoder.DeviceRequest;
import org.leap.model.ModelCatalog;

/** Which engine takes which device, and the refusal of gpu on ONNX Runtime before anything loads. */
class EncoderEngineTests {
    private static DeviceRequest ask(String kind) {
        return DeviceRequest.parse(kind, "--device");
    }

    @Test
    void testOnlyPytorchTakesGpu() {
        assertFalse(EncoderEngine.ONNXRUNTIME.accepts(ask("gpu")));
        assertTrue(EncoderEngine.ONNXRUNTIME.accepts(ask("auto")));
        assertTrue(EncoderEngine.ONNXRUNTIME.accepts(ask("cpu")));
        assertTrue(EncoderEngine.PYTORCH.accepts(ask("gpu")));
    }

    /** Even once libtorch runs in this JVM (onnxruntime then loads on PyTorch), gpu asked of onnxruntime is refused. */
    @Test
    void testGpuOnOnnxRuntimeIsRefusedNamingTheOption() {
        EncoderConfig gpu = new EncoderConfig(ask("gpu"), 8, 4096, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EncoderEngine.ONNXRUNTIME.load(ModelCatalog.shipped(), "bge-small-en-v1.5", gpu));
        assertEquals("[--device] is gpu, which needs the pytorch engine: the onnxruntime engine runs on CPU only here; "
            + "see README.md, section \"Device\"", e.getMessage());
    }
}
