package org.leap.plugin.settings;

import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchTestCase;

/** Inference threads × encoder threads must fit the node's processors; the default shares them out. */
public class EncoderThreadsTests extends OpenSearchTestCase {
    public void testDefaultGivesEachEncodeSeveralCores() {
        Settings two = Settings.builder().put("node.processors", 2).build();
        assertEquals(1, (int) LeapSettings.INFERENCE_THREADS.get(two));
        assertEquals(2, (int) LeapSettings.ENCODER_THREADS.get(two));
        Settings sixteen = Settings.builder().put("node.processors", 16).build();
        assertEquals(4, (int) LeapSettings.INFERENCE_THREADS.get(sixteen));
        assertEquals(4, (int) LeapSettings.ENCODER_THREADS.get(sixteen));
        if (Runtime.getRuntime().availableProcessors() < 16) {
            assertWarnings("setting [node.processors] to value [16] which is more than available processors ["
                + Runtime.getRuntime().availableProcessors() + "] is deprecated");
        }
    }

    public void testDefaultSharesProcessorsOverInferenceThreads() {
        Settings settings = Settings.builder().put("node.processors", 2).put(LeapSettings.INFERENCE_THREADS.getKey(), 2).build();
        assertEquals(1, (int) LeapSettings.ENCODER_THREADS.get(settings));
        LeapSettings.checkEncoderThreads(settings);
        Settings one = Settings.builder().put("node.processors", 2).put(LeapSettings.INFERENCE_THREADS.getKey(), 1).build();
        assertEquals(2, (int) LeapSettings.ENCODER_THREADS.get(one));
    }

    public void testRefusesMoreEncodingThreadsThanProcessors() {
        Settings settings = Settings.builder().put("node.processors", 2).put(LeapSettings.INFERENCE_THREADS.getKey(), 2)
            .put(LeapSettings.ENCODER_THREADS.getKey(), 2).build();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LeapSettings.checkEncoderThreads(settings));
        assertTrue(e.getMessage(), e.getMessage().contains("4 encoding threads exceed the node's 2 processors"));
    }

    public void testRefusesUnknownEngine() {
        Settings settings = Settings.builder().put(LeapSettings.ENCODER_ENGINE.getKey(), "tensorflow").build();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LeapSettings.ENCODER_ENGINE.get(settings));
        assertTrue(e.getMessage(), e.getMessage().contains("onnxruntime, pytorch"));
    }
}
