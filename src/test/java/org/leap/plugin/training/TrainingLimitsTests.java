package org.leap.plugin.training;

import java.nio.file.Path;
import java.util.Map;

import org.leap.plugin.settings.LeapSettings;
import org.leap.training.TrainingConfig;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchTestCase;

/** A job above the node's limits is refused naming the value and the setting; the defaults take a usual job. */
public class TrainingLimitsTests extends OpenSearchTestCase {
    private TrainingConfig config(Map<String, Object> hyper) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "leap-test", "teacher", "bge-small-en-v1.5", "student_init",
            "bge-small-en-v1.5", "training_index", "i", "training_field", "text"));
        body.putAll(hyper);
        Path dir = createTempDir();
        Path data = java.nio.file.Files.createFile(dir.resolve("sentences.txt"));
        return TrainingJobSpec.parse(body).toTrainingConfig(dir, data, null);
    }

    public void testDefaultsTakeAUsualJobAndRefuseAHugeOne() throws Exception {
        TrainingLimits limits = TrainingLimits.of(Settings.EMPTY);
        limits.check(config(Map.of("steps", 4000, "batch_size", 32, "max_tokens", 256)));
        IllegalArgumentException steps = expectThrows(IllegalArgumentException.class, () -> limits.check(config(Map.of("steps",
            1_000_000))));
        assertEquals("[steps] is 1000000; this node takes at most 100000 (plugins.leap.training.max_steps)", steps.getMessage());
        IllegalArgumentException batch = expectThrows(IllegalArgumentException.class, () -> limits.check(config(Map.of("batch_size",
            5_000, "sort_chunk", 5_000))));
        assertTrue(batch.getMessage(), batch.getMessage().contains("plugins.leap.training.max_batch_size"));
        IllegalArgumentException tokens = expectThrows(IllegalArgumentException.class, () -> limits.check(config(Map.of("max_tokens",
            4_096))));
        assertTrue(tokens.getMessage(), tokens.getMessage().contains("plugins.leap.training.max_tokens"));
    }

    public void testTheSettingsMoveTheBounds() throws Exception {
        TrainingLimits limits = TrainingLimits.of(Settings.builder().put(LeapSettings.TRAINING_MAX_STEPS.getKey(), 10).build());
        expectThrows(IllegalArgumentException.class, () -> limits.check(config(Map.of("steps", 11))));
        limits.check(config(Map.of("steps", 10, "warmup", 1)));
    }
}
