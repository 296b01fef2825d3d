package org.leap.plugin.training;

import org.leap.plugin.settings.LeapSettings;
import org.leap.training.TrainingConfig;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;

/**
 * The bounds a node puts on one training job, from its settings. Checked on the request alone, before the job takes a
 * slot or reads a document, so that a job too large for the node is a 400 that names the setting, not a job that
 * fails (or holds the node) later.
 */
record TrainingLimits(int maxSteps, int maxBatchSize, int maxTokens) {

    static TrainingLimits of(Settings settings) {
        return new TrainingLimits(LeapSettings.TRAINING_MAX_STEPS.get(settings), LeapSettings.TRAINING_MAX_BATCH_SIZE.get(settings),
            LeapSettings.TRAINING_MAX_TOKENS.get(settings));
    }

    /** @throws IllegalArgumentException (400) naming the first value above its bound and the setting that sets it */
    void check(TrainingConfig config) {
        require("steps", config.steps(), maxSteps, LeapSettings.TRAINING_MAX_STEPS);
        require("batch_size", config.batchSize(), maxBatchSize, LeapSettings.TRAINING_MAX_BATCH_SIZE);
        require("max_tokens", config.maxTokens(), maxTokens, LeapSettings.TRAINING_MAX_TOKENS);
    }

    private static void require(String key, int value, int max, Setting<Integer> setting) {
        if (value > max) {
            throw new IllegalArgumentException("[" + key + "] is " + value + "; this node takes at most " + max + " ("
                + setting.getKey() + ")");
        }
    }
}
