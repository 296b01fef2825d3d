package org.leap.plugin.settings;

import java.util.List;
import java.util.function.Function;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.engine.EncoderEngine;
import org.leap.plugin.shadow.ShadowIndex;
import org.leap.tuning.TuningConfig;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;

/** Every node setting of the plugin, under {@code plugins.leap.*}. The per-model exit settings live in cluster state. */
public final class LeapSettings {
    /** The model a processor or query uses when it names none: the shipped LEAP-trained encoder, the one that exits early. */
    public static final Setting<String> DEFAULT_MODEL = Setting.simpleString("plugins.leap.default_model", "leap-bge-small",
        Property.NodeScope);

    /** The models this node loads at start; the default model is always among them. */
    public static final Setting<List<String>> MODELS = Setting.listSetting("plugins.leap.models", List.of(), Function.identity(),
        Property.NodeScope);

    /** Rows per forward pass inside the encoder. */
    public static final Setting<Integer> ENCODER_BATCH_SIZE = Setting.intSetting("plugins.leap.encoder.batch_size", 32, 1, 1024,
        Property.NodeScope);

    /** Tokens (rows × longest row) per forward pass inside the encoder: long texts go in smaller batches. */
    public static final Setting<Integer> ENCODER_TOKEN_BUDGET = Setting.intSetting("plugins.leap.encoder.token_budget",
        LengthBatches.DEFAULT_TOKEN_BUDGET, 1, 1 << 20, Property.NodeScope);

    /** onnxruntime (each layer on ONNX Runtime, CPU; the default) or pytorch (DJL; what a GPU needs). */
    public static final Setting<String> ENCODER_ENGINE = new Setting<>("plugins.leap.encoder.engine", EncoderEngine.ONNXRUNTIME.key(),
        name -> EncoderEngine.parse(name).key(), Property.NodeScope);

    /** cpu, gpu or auto (gpu when libtorch sees a CUDA device); checked against the engine when the node starts. */
    public static final Setting<DeviceRequest> DEVICE = new Setting<>("plugins.leap.device", DeviceRequest.Kind.CPU.key(),
        value -> DeviceRequest.parse(value, "plugins.leap.device"), new DeviceEngineCheck(), Property.NodeScope);

    /**
     * Threads of the leap_inference pool that loads models and encodes: by default one per 4 processors, so each encode
     * gets several cores. Measured on 2 cores (SciFact abstracts, bulks of 50): one thread of 2 cores ingested 8.9
     * docs/s against 7.2 for two threads of one core, and queries answered in 21 ms p50 during a bulk against 41 ms.
     */
    public static final Setting<Integer> INFERENCE_THREADS = new Setting<>("plugins.leap.inference.threads",
        s -> Integer.toString(Math.max(1, OpenSearchExecutors.allocatedProcessors(s) / 4)),
        s -> Setting.parseInt(s, 1, 64, "plugins.leap.inference.threads"), Property.NodeScope);

    /**
     * Intra-op threads one encode uses; by default the node's processors shared out over the inference threads, so
     * that concurrent encodes never ask for more cores than the node has.
     */
    public static final Setting<Integer> ENCODER_THREADS = new Setting<>("plugins.leap.encoder.threads",
        s -> Integer.toString(Math.max(1, OpenSearchExecutors.allocatedProcessors(s) / INFERENCE_THREADS.get(s))),
        s -> Setting.parseInt(s, 1, "plugins.leap.encoder.threads"), Property.NodeScope);

    /** Queue of the leap_inference pool: encodes beyond it are rejected with 429. */
    public static final Setting<Integer> INFERENCE_QUEUE = Setting.intSetting("plugins.leap.inference.queue_size", 1000, 1,
        100_000, Property.NodeScope);

    /** Characters kept of one text before tokenizing; longer texts are cut, flagged as truncated and counted. */
    public static final Setting<Integer> MAX_TEXT_CHARS = Setting.intSetting("plugins.leap.max_text_chars", 20_000, 16,
        10_000_000, Property.NodeScope);

    /**
     * Texts one document may send to the encoder (a field's array, all fields together); a document with more fails
     * alone with a 400, so that one document cannot hold an inference thread and the heap for the whole node.
     */
    public static final Setting<Integer> MAX_TEXTS_PER_DOCUMENT = Setting.intSetting("plugins.leap.ingest.max_texts_per_document", 1_000,
        1, 1_000_000, Property.NodeScope);

    /**
     * Texts one encode takes at most. The ingest processor splits a batch whose documents hold more into several
     * encodes of at most this many texts; an encode asked for more is refused with a 400.
     */
    public static final Setting<Integer> MAX_TEXTS_PER_ENCODE = Setting.intSetting("plugins.leap.encode.max_texts", 10_000, 1,
        1_000_000, Property.NodeScope);

    /** Threads of the leap_drift pool that runs the drift monitor's full-depth shadow encodes, off the request path. */
    public static final Setting<Integer> DRIFT_THREADS = Setting.intSetting("plugins.leap.drift.threads", 1, 1, 16, Property.NodeScope);

    /** Drift samples waiting or in flight at most; a sample beyond it is dropped and counted, never queued. */
    public static final Setting<Integer> DRIFT_QUEUE = Setting.intSetting("plugins.leap.drift.queue_size", 64, 1, 10_000,
        Property.NodeScope);

    /** Samples of each kind (queries, documents) the drift report covers: the most recent ones of one settings version. */
    public static final Setting<Integer> DRIFT_WINDOW = Setting.intSetting("plugins.leap.drift.window", 1000, 10, 1_000_000,
        Property.NodeScope);

    /**
     * Documents each model's full-depth shadow index holds at most; past that, reservoir sampling keeps the sample uniform.
     * At least the documents its NN@10 needs.
     */
    public static final Setting<Integer> DRIFT_SHADOW_MAX_DOCS = Setting.intSetting("plugins.leap.drift.shadow_max_docs", 5000,
        ShadowIndex.DOCS_PER_NEIGHBOUR * 10, 1_000_000, Property.NodeScope);

    /** The drift alarm fires when more than this share of the window's query samples has NN@10 below 0.5. */
    public static final Setting<Double> DRIFT_ALARM_FAIL_SHARE = Setting.doubleSetting("plugins.leap.drift.alarm.fail_share", 0.2, 0,
        1, Property.NodeScope);

    /** Query samples the window needs before the alarm may fire. */
    public static final Setting<Integer> DRIFT_ALARM_MIN_SAMPLES = Setting.intSetting("plugins.leap.drift.alarm.min_samples", 50, 1,
        1_000_000, Property.NodeScope);

    /** How much theta goes up per alarm when a model has drift.auto_raise_theta on. */
    public static final Setting<Double> DRIFT_THETA_STEP = Setting.doubleSetting("plugins.leap.drift.theta_step", 0.01, 0.0001, 1,
        Property.NodeScope);

    /** Auto-raise never takes theta above this. */
    public static final Setting<Double> DRIFT_THETA_MAX = Setting.doubleSetting("plugins.leap.drift.theta_max", 0.99, 0.0001, 1,
        Property.NodeScope);

    /** How often the cluster manager's θ controller looks at the drift windows of the models with auto_tune on. */
    public static final Setting<TimeValue> TUNE_INTERVAL = Setting.timeSetting("plugins.leap.tune.interval", TimeValue.timeValueSeconds(60),
        TimeValue.timeValueMillis(100), Property.NodeScope);

    /**
     * Query samples, fresh since the last decision and measured at the θ in force, that a θ decision needs: fewer give
     * a lower bound too loose to move on. At most the drift window ({@code plugins.leap.drift.window}) of one node.
     */
    public static final Setting<Integer> TUNE_MIN_SAMPLES = Setting.intSetting("plugins.leap.tune.min_samples",
        TuningConfig.DEFAULT_MIN_SAMPLES, 1, 1_000_000, Property.NodeScope);

    /**
     * The median wait for an inference thread over the last second above which queries degrade to a cheaper measured θ
     * (per model, down to its {@code degrade_min_nn10}); 0 turns degrading off. Dynamic. 50 ms: a query encode computes
     * in about 17 ms here, so a queue past 50 ms already costs a search more than the encode itself.
     */
    public static final Setting<TimeValue> DEGRADE_QUEUE_WAIT_BUDGET = Setting.timeSetting("plugins.leap.degrade.queue_wait_budget",
        TimeValue.timeValueMillis(50), TimeValue.ZERO, new QueueWaitOrder(false), Property.NodeScope, Property.Dynamic);

    /**
     * The longest a query encode may wait for an inference thread: one that waited longer is refused with 429 when a
     * thread takes it, without encoding; 0 (the default) refuses none. Dynamic. Off by default because a bulk's encode
     * can hold the one inference thread for seconds, and queries must not fail during indexing unless the admin says so.
     * It acts only while the node is over its queue wait budget, which must be above 0 and below it
     * ({@link QueueWaitOrder}): queries degrade first, and those still waiting past it are shed.
     */
    public static final Setting<TimeValue> DEGRADE_MAX_QUEUE_WAIT = Setting.timeSetting("plugins.leap.degrade.max_queue_wait",
        TimeValue.ZERO, TimeValue.ZERO, new QueueWaitOrder(true), Property.NodeScope, Property.Dynamic);

    /**
     * Training jobs one node runs at once; one more is refused with 429. Only 1 works: DJL's gradient collector is one per
     * process, so a second job at once would fail its first step; a node asked for more refuses to start, saying why.
     */
    public static final Setting<Integer> TRAINING_MAX_CONCURRENT_JOBS = Setting.intSetting("plugins.leap.training.max_concurrent_jobs",
        1, 1, value -> {
            if (value != 1) {
                throw new IllegalArgumentException("[plugins.leap.training.max_concurrent_jobs] must be 1, got " + value + ": the"
                    + " PyTorch engine keeps one gradient collector per process, so a second job at once would fail");
            }
        }, Property.NodeScope);

    /** The most optimizer steps one training job may ask for: a bound on how long a job holds the node's one slot. */
    public static final Setting<Integer> TRAINING_MAX_STEPS = Setting.intSetting("plugins.leap.training.max_steps", 100_000, 1,
        10_000_000, Property.NodeScope);

    /** The largest {@code batch_size} a training job may ask for: rows of one step, on the node's heap and native memory. */
    public static final Setting<Integer> TRAINING_MAX_BATCH_SIZE = Setting.intSetting("plugins.leap.training.max_batch_size", 256, 2,
        4_096, Property.NodeScope);

    /** The largest {@code max_tokens} a training job may ask for: tokens per row of a step (BERT models take 512). */
    public static final Setting<Integer> TRAINING_MAX_TOKENS = Setting.intSetting("plugins.leap.training.max_tokens", 512, 3, 8_192,
        Property.NodeScope);

    /** Name of the thread pool training jobs run on, one thread a job. */
    public static final String TRAINING_POOL = "leap_training";

    /** Name of the thread pool every encode runs on. */
    public static final String INFERENCE_POOL = "leap_inference";

    /** Name of the thread pool of the drift monitor's shadow encodes. */
    public static final String DRIFT_POOL = "leap_drift";

    private LeapSettings() {}

    /**
     * Refuses inference threads × encoder threads above the node's processors: the threads would take turns on the
     * cores and wait on each other at every parallel op (even on idle cores, a small op split over 2 libtorch threads
     * was measured at 0.46 ms against 0.03 ms on one).
     */
    public static void checkEncoderThreads(Settings settings) {
        int processors = OpenSearchExecutors.allocatedProcessors(settings);
        int inference = INFERENCE_THREADS.get(settings);
        int perEncode = ENCODER_THREADS.get(settings);
        if ((long) inference * perEncode > processors) {
            throw new IllegalArgumentException("[" + INFERENCE_THREADS.getKey() + "] " + inference + " x [" + ENCODER_THREADS.getKey()
                + "] " + perEncode + " = " + inference * perEncode + " encoding threads exceed the node's " + processors
                + " processors ([node.processors]); lower one of them");
        }
    }

    /**
     * Refuses a θ decision's samples above one node's drift window: on a single node the window never holds them, so the
     * controller would never decide.
     */
    public static void checkTuneMinSamples(Settings settings) {
        int minSamples = TUNE_MIN_SAMPLES.get(settings);
        int window = DRIFT_WINDOW.get(settings);
        if (minSamples > window) {
            throw new IllegalArgumentException("[" + TUNE_MIN_SAMPLES.getKey() + "] " + minSamples + " exceeds [" + DRIFT_WINDOW.getKey()
                + "] " + window + ": a window never holds that many samples; lower the first or raise the second");
        }
    }

    public static List<Setting<?>> all() {
        return List.of(DEFAULT_MODEL, MODELS, DEVICE, ENCODER_BATCH_SIZE, ENCODER_TOKEN_BUDGET, ENCODER_ENGINE, ENCODER_THREADS,
            INFERENCE_THREADS, INFERENCE_QUEUE, MAX_TEXT_CHARS, MAX_TEXTS_PER_DOCUMENT, MAX_TEXTS_PER_ENCODE,
            DRIFT_THREADS, DRIFT_QUEUE, DRIFT_WINDOW, DRIFT_SHADOW_MAX_DOCS, DRIFT_ALARM_FAIL_SHARE, DRIFT_ALARM_MIN_SAMPLES,
            DRIFT_THETA_STEP, DRIFT_THETA_MAX, TUNE_INTERVAL, TUNE_MIN_SAMPLES, DEGRADE_QUEUE_WAIT_BUDGET, DEGRADE_MAX_QUEUE_WAIT,
            TRAINING_MAX_CONCURRENT_JOBS, TRAINING_MAX_STEPS, TRAINING_MAX_BATCH_SIZE, TRAINING_MAX_TOKENS);
    }
}
