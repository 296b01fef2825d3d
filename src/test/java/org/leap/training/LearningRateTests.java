package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateTests {
    @Test
    void testWarmsUpLinearlyThenDecaysToZero() {
        LearningRate linear = new LearningRate(1e-4, 10, 110, "linear");
        assertEquals(1e-5, linear.at(0), 1e-12);
        assertEquals(1e-4, linear.at(9), 1e-12);
        assertEquals(1e-4, linear.at(10), 1e-12);
        assertEquals(0.5e-4, linear.at(60), 1e-12);
        assertEquals(0, linear.at(110), 1e-12);
        LearningRate cosine = new LearningRate(1e-4, 10, 110, "cosine");
        assertEquals(0.5e-4, cosine.at(60), 1e-12);
        assertEquals((float) linear.at(60), linear.getNewValue(60));
        assertEquals(1e-4, new LearningRate(1e-4, 0, 10, "constant").at(9), 1e-12);
    }
}
