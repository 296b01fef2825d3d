package org.leap.training;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate at each step: linear warm-up from 0 to the peak, then linear or cosine decay to 0 at the last
 * step, or constant. A DJL {@link Tracker}, so it fits DJL's optimizers too; here it feeds {@link AdamW}.
 *
 * @param peak learning rate reached at the end of the warm-up
 * @param warmup warm-up steps
 * @param total steps of the run
 * @param decay {@code linear}, {@code cosine} or {@code constant}
 */
public record LearningRate(double peak, int warmup, int total, String decay) implements Tracker {
    public LearningRate {
        if (peak <= 0 || warmup < 0 || total < 1 || warmup >= total) {
            throw new IllegalArgumentException("invalid schedule: peak " + peak + ", warmup " + warmup + ", total " + total);
        }
        if (decay.equals("linear") == false && decay.equals("cosine") == false && decay.equals("constant") == false) {
            throw new IllegalArgumentException("decay must be linear, cosine or constant, got " + decay);
        }
    }

    /** Rate of the 0-based step: step 0 of a warm-up is already 1/warmup of the peak, so no step is wasted at 0. */
    public double at(long step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double done = (step - warmup) / (double) Math.max(1, total - warmup);
        done = Math.min(1, done);
        return switch (decay) {
            case "linear" -> peak * (1 - done);
            case "cosine" -> peak * 0.5 * (1 + Math.cos(Math.PI * done));
            default -> peak;
        };
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) at(numUpdate);
    }
}
