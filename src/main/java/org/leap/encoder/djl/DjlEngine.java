package org.leap.encoder.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine offline and picks the device. The natives come from the pytorch-native-cpu and
 * pytorch-jni jars on the class path; nothing is downloaded.
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
    public static Engine pytorch() {
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        Engine engine = Engine.getEngine("PyTorch");
        started = true;
        return engine;
    }

    /** Whether libtorch is loaded in this JVM; native libraries are process-wide, so this is too. */
    public static boolean started() {
        return started;
    }

    /**
     * Resolves {@code cpu}, {@code gpu} or {@code auto} (gpu when one is visible) to a device.
     *
     * @throws IllegalArgumentException for another name, or for {@code gpu} on a machine without one
     */
    public static Device device(String name) {
        Engine engine = pytorch();
        int gpus = engine.getGpuCount();
        Device device = switch (name == null ? "auto" : name.toLowerCase(java.util.Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("device [gpu] was asked for but PyTorch sees no GPU; use cpu or auto");
                }
                yield Device.gpu();
            }
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalArgumentException("device must be one of cpu, gpu, auto; got [" + name + "]");
        };
        LOG.info("PyTorch {} on device {} (asked: {}, GPUs visible: {})", engine.getVersion(), device, name, gpus);
        return device;
    }
}
