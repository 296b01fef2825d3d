package org.leap.training;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training call did: how far it got, where the model and the last checkpoint are, and the last loss terms.
 *
 * @param modelName the trained model's catalog name
 * @param modelDir its folder ({@code output_dir/model_name}); load it with a catalog whose extra folder is output_dir
 * @param stepsDone steps completed, counting those of earlier sessions
 * @param totalSteps steps the run is configured for
 * @param resumedFrom the step this session resumed from, 0 for a fresh start
 * @param stopped true when the stop file ended the session before {@code totalSteps}
 * @param checkpoint the newest checkpoint, or null when the run keeps none
 * @param secondsPerStep mean wall time of this session's steps, NaN when it ran none
 * @param lastTerms the loss terms of the last step, empty when this session ran none
 */
public record TrainingResult(String modelName, Path modelDir, long stepsDone, long totalSteps, long resumedFrom, boolean stopped,
                             Path checkpoint, double secondsPerStep, Map<String, Float> lastTerms) {
    public TrainingResult {
        lastTerms = Collections.unmodifiableMap(new LinkedHashMap<>(lastTerms));
    }

    public boolean finished() {
        return stepsDone >= totalSteps;
    }
}
