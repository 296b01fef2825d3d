package org.leap.training;

import java.util.Map;

import org.leap.model.Tensor;

/**
 * A resumable training state: the trainable student parameters and the optimizer's moments, in fp32, at the end of a
 * step. The data order needs no state of its own: it follows from the seed and the step ({@link BatchSchedule}).
 *
 * @param step steps completed
 * @param optimizerSteps AdamW updates taken (fewer than {@code step} when a step was skipped for a non-finite gradient)
 * @param info provenance, e.g. the teacher and the student's initial model; checked on resume
 * @param parameters trainable parameters by {@link org.leap.encoder.djl.BertNetwork#namedParameters()} name
 * @param optimizerState {@link AdamW#state()}
 */
public record Checkpoint(long step, int optimizerSteps, Map<String, String> info, Map<String, Tensor> parameters,
                         Map<String, Tensor> optimizerState) {
    public Checkpoint {
        if (step < 0 || optimizerSteps < 0 || optimizerSteps > step) {
            throw new IllegalArgumentException("invalid checkpoint counters: step " + step + ", optimizer steps " + optimizerSteps);
        }
        info = Map.copyOf(info);
        parameters = Map.copyOf(parameters);
        optimizerState = Map.copyOf(optimizerState);
    }
}
