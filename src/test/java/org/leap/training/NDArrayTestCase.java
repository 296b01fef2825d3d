package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.leap.encoder.djl.DjlEngine;

/** Base of the tests over PyTorch arrays: a manager per test, rows from literals, and the gradient-direction check. */
abstract class NDArrayTestCase {
    protected NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager(ai.djl.Device.cpu(), DjlEngine.pytorch().getEngineName());
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** A {@code [rows, columns]} array of the literal. */
    protected NDArray rows(float[][] values) {
        float[] flat = new float[values.length * values[0].length];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, flat, i * values[0].length, values[0].length);
        }
        return manager.create(flat, new Shape(values.length, values[0].length));
    }

    /** A small step against the gradient lowers the term: the gradient points the right way. */
    protected void assertDescends(Function<NDArray, NDArray> term, NDArray at) {
        NDArray x = at.duplicate();
        x.setRequiresGradient(true);
        float before;
        NDArray gradient;
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray value = term.apply(x);
            before = value.getFloat();
            collector.backward(value);
        }
        gradient = x.getGradient();
        assertTrue(maxAbs(gradient) > 1e-6, "the term has a gradient");
        NDArray moved = at.sub(gradient.mul(manager.full(new Shape(), 1e-2f)));
        float after = term.apply(moved).getFloat();
        assertTrue(after < before, "a step against the gradient lowers the term: " + before + " -> " + after);
    }

    protected static double maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }
}
