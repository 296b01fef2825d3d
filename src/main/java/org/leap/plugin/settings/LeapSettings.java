package org.leap.plugin.settings;

import java.util.List;
import java.util.function.Function;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;

/** Every node setting of the plugin, under {@code plugins.leap.*}. The per-model exit settings live in cluster state. */
public final class LeapSettings {
    /** The model a processor or query uses when it names none. */
    public static final Setting<String> DEFAULT_MODEL = Setting.simpleString("plugins.leap.default_model", "bge-small-en-v1.5",
        Property.NodeScope);

    /** The models this node loads at start; the default model is always among them. */
    public static final Setting<List<String>> MODELS = Setting.listSetting("plugins.leap.models", List.of(), Function.identity(),
        Property.NodeScope);

    /** cpu, gpu or auto (gpu when PyTorch sees one). */
    public static final Setting<String> DEVICE = Setting.simpleString("plugins.leap.device", "cpu", Property.NodeScope);

    /** Rows per forward pass inside the encoder. */
    public static final Setting<Integer> ENCODER_BATCH_SIZE = Setting.intSetting("plugins.leap.encoder.batch_size", 32, 1, 1024,
        Property.NodeScope);

    /** Threads of the leap_inference pool that loads models and encodes; libtorch already uses every core per call. */
    public static final Setting<Integer> INFERENCE_THREADS = Setting.intSetting("plugins.leap.inference.threads", 2, 1, 64,
        Property.NodeScope);

    /** Queue of the leap_inference pool: encodes beyond it are rejected with 429. */
    public static final Setting<Integer> INFERENCE_QUEUE = Setting.intSetting("plugins.leap.inference.queue_size", 1000, 1,
        100_000, Property.NodeScope);

    /** Characters kept of one text before tokenizing; longer texts are cut, flagged as truncated and counted. */
    public static final Setting<Integer> MAX_TEXT_CHARS = Setting.intSetting("plugins.leap.max_text_chars", 20_000, 16,
        10_000_000, Property.NodeScope);

    /** Training jobs one node runs at once; one more is refused with 429. Each takes the cores and a few GB of memory. */
    public static final Setting<Integer> TRAINING_MAX_CONCURRENT_JOBS = Setting.intSetting("plugins.leap.training.max_concurrent_jobs",
        1, 1, 16, Property.NodeScope);

    /** Name of the thread pool training jobs run on, one thread a job. */
    public static final String TRAINING_POOL = "leap_training";

    /** Name of the thread pool every encode runs on. */
    public static final String INFERENCE_POOL = "leap_inference";

    private LeapSettings() {}

    public static List<Setting<?>> all() {
        return List.of(DEFAULT_MODEL, MODELS, DEVICE, ENCODER_BATCH_SIZE, INFERENCE_THREADS, INFERENCE_QUEUE, MAX_TEXT_CHARS,
            TRAINING_MAX_CONCURRENT_JOBS);
    }
}
