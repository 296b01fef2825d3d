package org.leap.encoder.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.DeviceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine offline and picks the device. The natives come from the pytorch-native-cpu and
 * pytorch-jni jars on the class path, or libtorch from the folder {@code PYTORCH_LIBRARY_PATH} names (how a CUDA
 * build gets in); nothing is downloaded.
 */
public final class DjlEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DjlEngine.class);
    private static volatile boolean started;

    private DjlEngine() {}

    /**
     * Returns the PyTorch engine. DJL's start-up otherwise phones home for usage tracking; inside an OpenSearch node
     * that call is denied and leaves {@code Engine} unusable for the JVM's lifetime, so tracking is switched off
     * before the class is first touched.
     */
    public static synchronized Engine pytorch() {
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        Engine engine = Engine.getEngine("PyTorch");
        started = true;
        return engine;
    }

    /**
     * Sets libtorch's intra-op threads (those one op splits its work over) and inter-op threads (those independent ops
     * run on) for this JVM. libtorch's defaults follow the core count, which oversubscribes the cores when several
     * encoders or other engines share them, and a small op split over 2 threads was measured 17x slower than on 1.
     *
     * <p>Call it before the first encoder loads: the counts are handed to DJL, which applies them when the engine
     * starts. libtorch fixes the inter-op pool once it has run work, and a thread that already ran an op keeps its
     * intra-op count, so after the start the counts cannot change any more.
     *
     * @throws IllegalArgumentException when a count is below 1 or above the processors available to the JVM
     * @throws IllegalStateException when the engine already runs with other counts
     */
    public static synchronized void configureThreads(int intraOp, int interOp) {
        int processors = Runtime.getRuntime().availableProcessors();
        checkThreads("intra-op", intraOp, processors);
        checkThreads("inter-op", interOp, processors);
        if (started == false) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOp));
            return;
        }
        int runningIntraOp = JniUtils.getNumThreads();
        int runningInterOp = JniUtils.getNumInteropThreads();
        if (runningIntraOp != intraOp || runningInterOp != interOp) {
            throw new IllegalStateException("PyTorch already runs with " + runningIntraOp + " intra-op and " + runningInterOp
                + " inter-op threads and cannot change them; set threads before the first model loads, or restart");
        }
    }

    private static void checkThreads(String kind, int threads, int processors) {
        if (threads < 1 || threads > processors) {
            throw new IllegalArgumentException(kind + " threads must be between 1 and the " + processors
                + " available processors, got " + threads);
        }
    }

    /** Whether libtorch is loaded in this JVM; native libraries are process-wide, so this is too. */
    public static boolean started() {
        return started;
    }

    /**
     * The device a request gets on the libtorch of this JVM, and why: cpu when asked for, gpu when asked for and
     * usable, and for auto a GPU when libtorch sees one (see {@link LibTorchBuild}). Starts the engine.
     *
     * @throws IllegalArgumentException for gpu where the loaded libtorch is a CPU build or sees no CUDA device
     */
    public static DeviceChoice choose(DeviceRequest request) {
        Engine engine = pytorch();
        DeviceChoice choice = LibTorchBuild.of(engine).choose(request);
        LOG.info("PyTorch {} on {}", engine.getVersion(), choice);
        return choice;
    }

    /** The DJL device of a choice: the first CUDA device or the CPU. */
    public static Device device(DeviceChoice choice) {
        return choice.gpu() ? Device.gpu() : Device.cpu();
    }
}
