package org.leap.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The two autograd controls that training needs and DJL does not expose; the only place this package reaches into
 * the PyTorch engine's internals.
 *
 * <p>Recording is per thread, and on by default for threads other than the one that started the engine, so a teacher
 * forward, a probe or an in-place optimizer update on a parameter that requires gradient would otherwise build a
 * graph (or fail, for the in-place update of a leaf). And a gradient must be reset with {@code zero_()}: multiplying
 * it by 0 or subtracting it from itself (DJL's {@code zeroGradients()}) leaves a NaN a NaN, so one bad step would poison
 * every later one.
 */
final class Autograd {
    private Autograd() {}

    /** Recording off until closed, like {@code torch.no_grad()}. */
    static Paused paused() {
        return new Paused(JniUtils.isGradMode());
    }

    /** Restores the recording mode that was in force before {@link #paused()}. */
    static final class Paused implements AutoCloseable {
        private final boolean previous;

        private Paused(boolean previous) {
            this.previous = previous;
            JniUtils.setGradMode(false);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }

    /** Sets a parameter's accumulated gradient to 0, whatever it held (NaN included). */
    static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
