package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.DeviceRequest;

/**
 * The device each request gets on each kind of libtorch: a CPU build, a CUDA build that sees no device, a CUDA build
 * with one. gpu never falls back to cpu; auto says which it took and why.
 */
class LibTorchBuildTests {
    private static final Path DIR = Path.of("/opt/libtorch/lib");
    private static final LibTorchBuild CPU_BUILD = new LibTorchBuild(DIR, "2.7.1", null, false, false);
    private static final LibTorchBuild CUDA_NO_DEVICE = new LibTorchBuild(DIR, "2.7.1", "/opt/libtorch/lib", true, false);
    private static final LibTorchBuild CUDA = new LibTorchBuild(DIR, "2.7.1", "/opt/libtorch/lib", true, true);

    private static DeviceRequest ask(String kind) {
        return DeviceRequest.parse(kind, "plugins.leap.device");
    }

    @Test
    void testGpuOnCpuBuildNamesSettingMissingLibtorchAndReadme() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU_BUILD.choose(ask("gpu")));
        assertEquals("[plugins.leap.device] is gpu, but the libtorch loaded from /opt/libtorch/lib is a CPU build: install libtorch "
            + "2.7.1 built for CUDA and point PYTORCH_LIBRARY_PATH at its lib folder (PYTORCH_LIBRARY_PATH is not set); "
            + "see README.md, section \"Device\"", e.getMessage());
    }

    @Test
    void testGpuOnCudaBuildWithoutDeviceNamesTheMissingDevice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CUDA_NO_DEVICE.choose(ask("gpu")));
        assertTrue(e.getMessage().startsWith("[plugins.leap.device] is gpu, but libtorch (a CUDA build, loaded from /opt/libtorch/lib) "
            + "sees no CUDA device: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("see README.md, section \"Device\""), e.getMessage());
    }

    @Test
    void testGpuWithDeviceRunsOnTheFirstGpu() {
        assertEquals("gpu(0)", CUDA.choose(ask("gpu")).name());
    }

    @Test
    void testAutoSaysWhyItTookTheCpu() {
        assertEquals(new DeviceChoice(false, "[plugins.leap.device] is auto and no CUDA device is visible: the libtorch loaded from "
            + "/opt/libtorch/lib is a CPU build"), CPU_BUILD.choose(ask("auto")));
        assertEquals(new DeviceChoice(false, "[plugins.leap.device] is auto and no CUDA device is visible: libtorch (a CUDA build, "
            + "loaded from /opt/libtorch/lib) sees none"), CUDA_NO_DEVICE.choose(ask("auto")));
    }

    @Test
    void testAutoTakesAVisibleGpu() {
        assertEquals("gpu(0) ([plugins.leap.device] is auto and libtorch (a CUDA build, loaded from /opt/libtorch/lib) sees a CUDA "
            + "device)", CUDA.choose(ask("auto")).toString());
    }

    @Test
    void testCpuStaysOnCpuWhateverTheBuild() {
        assertEquals(new DeviceChoice(false, "[plugins.leap.device] is cpu"), CUDA.choose(ask("cpu")));
    }
}
