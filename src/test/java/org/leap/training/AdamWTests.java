package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leap.model.Tensor;

/** The hand-written AdamW against its formula, and a checkpoint that resumes it exactly. */
class AdamWTests extends NDArrayTestCase {
    private static final AdamW.Settings SETTINGS = new AdamW.Settings(0.9, 0.999, 1e-8, 0.1);
    private static final float[] TARGET = { 0.5f, -1f, 2f, 0f };

    @TempDir
    Path dir;

    private Map<String, NDArray> parameters() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("matrix", manager.create(new float[] { 1, 2, 3, 4 }, new Shape(2, 2)));
        p.put("bias", manager.create(new float[] { 1, -1 }));
        p.values().forEach(a -> a.setRequiresGradient(true));
        return p;
    }

    /** Squared distance of the matrix to TARGET plus the sum of the bias: gradients 2 (w - target) and 1. */
    private void backward(Map<String, NDArray> p) {
        try (NDManager step = manager.newSubManager();
             GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray target = step.create(TARGET, new Shape(2, 2));
            NDArray loss = p.get("matrix").sub(target).square().sum().add(p.get("bias").sum());
            collector.backward(loss);
        }
    }

    @Test
    void testFirstStepFollowsTheFormulaAndZeroesGradients() {
        Map<String, NDArray> p = parameters();
        try (AdamW adam = new AdamW(SETTINGS, p, manager)) {
            backward(p);
            double lr = 0.01;
            adam.step(lr, 0.5);
            // step 1: m_hat = g', v_hat = g'^2, so the update is lr * sign(g) (eps aside); decay only on the matrix
            float[] w = { 1, 2, 3, 4 };
            float[] expected = new float[4];
            for (int i = 0; i < 4; i++) {
                expected[i] = (float) (w[i] * (1 - lr * 0.1) - lr * Math.signum(w[i] - TARGET[i]));
            }
            assertArrayEquals(expected, p.get("matrix").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] { 1 - 0.01f, -1 - 0.01f }, p.get("bias").toFloatArray(), 1e-6f);
            assertEquals(0, p.get("matrix").getGradient().abs().sum().getFloat(), 0, "gradients are zeroed");
            assertEquals(1, adam.steps());
        }
    }

    @Test
    void testSkipClearsANonFiniteGradient() {
        Map<String, NDArray> p = parameters();
        try (AdamW adam = new AdamW(SETTINGS, p, manager)) {
            try (NDManager step = manager.newSubManager();
                 GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray nan = step.full(new Shape(2, 2), Float.NaN);
                collector.backward(p.get("matrix").mul(nan).sum().add(p.get("bias").sum()));
            }
            assertTrue(Double.isNaN(GradientNorm.of(p.values())));
            adam.skip();
            assertEquals(0, GradientNorm.of(p.values()), 0, "NaN gradients are reset, not multiplied by 0");
            backward(p);
            adam.step(0.01, 1);
            for (float v : p.get("matrix").toFloatArray()) {
                assertTrue(Float.isFinite(v));
            }
            assertEquals(1, adam.steps(), "a skipped step is not an update");
        }
    }

    @Test
    void testCheckpointRoundTripResumesExactly() {
        Map<String, NDArray> straight = parameters();
        try (AdamW adam = new AdamW(SETTINGS, straight, manager)) {
            for (int i = 0; i < 3; i++) {
                backward(straight);
                adam.step(0.05, 1);
            }
        }

        Checkpoints checkpoints = new Checkpoints(dir, 2);
        Map<String, NDArray> first = parameters();
        try (AdamW adam = new AdamW(SETTINGS, first, manager)) {
            backward(first);
            adam.step(0.05, 1);
            Map<String, Tensor> params = new LinkedHashMap<>();
            first.forEach((n, a) -> params.put(n, new Tensor(n, a.getShape().getShape(), a.toFloatArray())));
            Map<String, Tensor> state = new LinkedHashMap<>();
            adam.state().forEach(t -> state.put(t.name(), t));
            checkpoints.save(new Checkpoint(1, adam.steps(), Map.of("teacher", "t"), params, state));
        }

        Checkpoint loaded = checkpoints.latest(w -> { throw new AssertionError(w); }).orElseThrow();
        assertEquals(1, loaded.step());
        assertEquals(Map.of("teacher", "t"), loaded.info());
        Map<String, NDArray> resumed = parameters();
        try (AdamW adam = new AdamW(SETTINGS, resumed, manager)) {
            resumed.forEach((n, a) -> AdamW.copyInto(a, loaded.parameters().get(n), n));
            adam.restore(loaded.optimizerState(), loaded.optimizerSteps());
            for (int i = 0; i < 2; i++) {
                backward(resumed);
                adam.step(0.05, 1);
            }
            assertEquals(3, adam.steps());
        }
        for (String name : List.of("matrix", "bias")) {
            assertArrayEquals(straight.get(name).toFloatArray(), resumed.get(name).toFloatArray(), 0f, name);
        }
    }

    @Test
    void testLatestSkipsACorruptCheckpointAndPrunesOldOnes() throws Exception {
        Checkpoints checkpoints = new Checkpoints(dir, 2);
        Tensor w = new Tensor("w", new long[] { 1 }, new float[] { 1 });
        for (long step : new long[] { 10, 20, 30 }) {
            checkpoints.save(new Checkpoint(step, (int) step, Map.of(), Map.of("w", w), Map.of()));
        }
        assertEquals(2, checkpoints.files().size(), "only the newest two are kept");
        Path newest = checkpoints.files().get(0);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        List<String> warnings = new java.util.ArrayList<>();
        assertEquals(20, checkpoints.latest(warnings::add).orElseThrow().step());
        assertTrue(warnings.get(0).contains("step-00000030"), warnings.toString());
    }
}
