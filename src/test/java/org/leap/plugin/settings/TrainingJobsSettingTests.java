package org.leap.plugin.settings;

import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchTestCase;

/** A node asked to run more training jobs at once than the engine allows refuses to start, saying why. */
public class TrainingJobsSettingTests extends OpenSearchTestCase {
    public void testOneJobAtATime() {
        assertEquals(1, (int) LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.get(Settings.EMPTY));
        assertEquals(1, (int) LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.get(Settings.builder()
            .put(LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.getKey(), 1).build()));
    }

    public void testMoreIsRefusedWithTheReason() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.get(
            Settings.builder().put(LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.getKey(), 2).build()));
        assertTrue(e.getMessage(), e.getMessage().contains("must be 1, got 2") && e.getMessage().contains("one gradient collector"));
    }
}
