package org.leap.encoder.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime session options of the layer-by-layer encoder, in one place, so the benchmark's GEMM ceiling runs
 * its products under the same ones.
 */
public final class LayerSessionOptions {
    private LayerSessionOptions() {}

    /** @param threads intra-op threads of each session; the caller closes the options */
    public static OrtSession.SessionOptions create(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // an idle session's threads would otherwise spin on the cores the next layer's session needs
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        // each session's arena keeps the peak of its largest batch for good: 13 sessions held 7 GB of RSS after 200
        // SciFact abstracts, 1.6 GB without arenas (freed buffers go back to the allocator, see LengthBatches)
        options.setCPUArenaAllocator(false);
        options.setMemoryPatternOptimization(false);
        return options;
    }
}
