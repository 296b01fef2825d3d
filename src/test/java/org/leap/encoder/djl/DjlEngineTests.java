package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;

import org.junit.jupiter.api.Test;

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
}
