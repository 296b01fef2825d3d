package org.leap.training;

import java.util.Map;

/**
 * Lets a caller that runs training in-process (a job runner in a server) follow the steps and stop the run without
 * going through files: the command line watches the log and the stop file, a server has neither at hand.
 */
public interface TrainingListener {
    /** A listener that ignores the steps and never asks to stop. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * Called after each optimizer step.
     *
     * @param done steps completed, counting those of earlier sessions
     * @param total steps the run is configured for
     * @param terms the loss terms of this step
     */
    default void step(long done, long total, Map<String, Float> terms) {}

    /** Checked before every step, like the stop file: true ends the session cleanly, with a checkpoint. */
    default boolean stopRequested() {
        return false;
    }
}
