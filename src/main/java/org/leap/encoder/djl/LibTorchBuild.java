package org.leap.encoder.djl;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.DeviceRequest;

/**
 * What the libtorch loaded in this JVM can run on, and the device a request gets on it. The answer comes from the
 * loaded library, not from the jars on the class path: DJL loads libtorch from {@code PYTORCH_LIBRARY_PATH} when that
 * names a folder holding one, else from the pytorch-native-cpu jar, and only the copy that loaded can tell.
 *
 * @param dir the folder libtorch was loaded from
 * @param version its PyTorch version
 * @param libraryPath {@code PYTORCH_LIBRARY_PATH} as DJL reads it (environment, then system property), or null
 * @param cudaBuild whether that folder holds libtorch's CUDA library (a CPU build has none)
 * @param cudaDevice whether libtorch can use a CUDA device ({@code torch::cuda::is_available()}: a CUDA build, a
 *     working driver and at least one visible device)
 */
record LibTorchBuild(Path dir, String version, String libraryPath, boolean cudaBuild, boolean cudaDevice) {
    private static final String README = "see README.md, section \"Device\"";

    /** The build behind a started PyTorch engine. */
    static LibTorchBuild of(Engine pytorch) {
        Path dir = Path.of(LibUtils.getLibtorchPath());
        return new LibTorchBuild(dir, pytorch.getVersion(), Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"),
            Files.exists(dir.resolve(System.mapLibraryName("torch_cuda"))), pytorch.hasCapability(StandardCapabilities.CUDA));
    }

    /**
     * The device a request gets on this build: cpu when asked for, gpu when asked for and usable, and for auto
     * whichever this build can use.
     *
     * @throws IllegalArgumentException for gpu without a CUDA build or without a device, naming the option, the
     *     missing piece and the README section that says how to add it
     */
    DeviceChoice choose(DeviceRequest request) {
        return switch (request.kind()) {
            case CPU -> new DeviceChoice(false, request.asked());
            case GPU -> {
                if (cudaBuild == false) {
                    throw new IllegalArgumentException(request.asked() + ", but " + cpuBuild() + ": install libtorch " + version
                        + " built for CUDA and point PYTORCH_LIBRARY_PATH at its lib folder (PYTORCH_LIBRARY_PATH is "
                        + (libraryPath == null ? "not set" : "[" + libraryPath + "]") + "); " + README);
                }
                if (cudaDevice == false) {
                    throw new IllegalArgumentException(request.asked() + ", but " + cudaBuildName() + " sees no CUDA device: check "
                        + "that nvidia-smi lists one and that CUDA_VISIBLE_DEVICES does not hide it; " + README);
                }
                yield onGpu(request);
            }
            case AUTO -> cudaBuild && cudaDevice ? onGpu(request) : new DeviceChoice(false, request.asked()
                + " and no CUDA device is visible: " + (cudaBuild ? cudaBuildName() + " sees none" : cpuBuild()));
        };
    }

    private DeviceChoice onGpu(DeviceRequest request) {
        return new DeviceChoice(true, request.asked() + " and " + cudaBuildName() + " sees a CUDA device");
    }

    private String cpuBuild() {
        return "the libtorch loaded from " + dir + " is a CPU build";
    }

    private String cudaBuildName() {
        return "libtorch (a CUDA build, loaded from " + dir + ")";
    }
}
