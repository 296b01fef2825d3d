package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;

import org.junit.jupiter.api.Test;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.DeviceRequest;
import org.leap.encoder.LengthBatches;
import org.leap.model.ModelCatalog;

class DjlEngineTests {
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    @Test
    void testRejectsZeroIntraOpThreads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DjlEngine.configureThreads(0, 1));
        assertEquals("intra-op threads must be between 1 and the " + PROCESSORS + " available processors, got 0", e.getMessage());
    }

    @Test
    void testRejectsMoreInterOpThreadsThanProcessors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DjlEngine.configureThreads(1, PROCESSORS + 1));
        assertEquals("inter-op threads must be between 1 and the " + PROCESSORS + " available processors, got "
            + (PROCESSORS + 1), e.getMessage());
    }

    @Test
    void testOnceStartedAcceptsOnlyTheRunningCounts() {
        DjlEngine.pytorch();
        int intraOp = JniUtils.getNumThreads();
        int interOp = JniUtils.getNumInteropThreads();
        DjlEngine.configureThreads(intraOp, interOp);
        int other = intraOp == 1 ? 2 : 1;
        assertTrue(other <= PROCESSORS, "needs two processors");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DjlEngine.configureThreads(other, interOp));
        assertTrue(e.getMessage().startsWith("PyTorch already runs with " + intraOp + " intra-op"), e.getMessage());
    }

    /** This machine has the pytorch-native-cpu libtorch only: a model asked for on gpu fails to load, never falls back. */
    @Test
    void testLoadOnGpuWithThisCpuOnlyLibtorchFailsSayingWhatToInstall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DjlBertEncoder.load(ModelCatalog.shipped(),
            "bge-small-en-v1.5", DeviceRequest.parse("gpu", "plugins.leap.device"), 8, LengthBatches.DEFAULT_TOKEN_BUDGET));
        assertTrue(e.getMessage().startsWith("[plugins.leap.device] is gpu, but the libtorch loaded from " + LibUtils.getLibtorchPath()
            + " is a CPU build: install libtorch " + DjlEngine.pytorch().getVersion() + " built for CUDA"), e.getMessage());
        assertTrue(e.getMessage().endsWith("see README.md, section \"Device\""), e.getMessage());
    }

    @Test
    void testAutoOnThisCpuOnlyLibtorchTakesTheCpuAndSaysWhy() {
        DeviceChoice choice = DjlEngine.choose(DeviceRequest.parse("auto", "--device"));
        assertFalse(choice.gpu());
        assertEquals("[--device] is auto and no CUDA device is visible: the libtorch loaded from " + LibUtils.getLibtorchPath()
            + " is a CPU build", choice.reason());
        assertFalse(Files.exists(Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cuda"))));
    }
}
