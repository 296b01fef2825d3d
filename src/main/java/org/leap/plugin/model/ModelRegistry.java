package org.leap.plugin.model;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.engine.EncoderConfig;
import org.leap.encoder.engine.EncoderEngine;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.leap.plugin.stats.RecentQueueWait;
import org.leap.text.TextSanitizer;
import org.opensearch.OpenSearchException;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.cluster.ClusterState;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;
import org.opensearch.core.rest.RestStatus;

/**
 * The models of this node and the only way to encode with them. On an encoder node every model is loaded once, at node
 * start, on the {@code leap_inference} pool (never on a cluster-state or transport thread); encodes asked for while it
 * loads wait for it without holding a thread, and every encode runs on that pool too. Other nodes know the models'
 * descriptors and settings (to check configs and requests) but load none. A query encode that waited too long for a
 * thread is refused when one takes it ({@link QueueWaitShedder}).
 */
public final class ModelRegistry implements Closeable {
    private static final Logger LOG = LogManager.getLogger(ModelRegistry.class);

    private final ModelCatalog catalog;
    private final String defaultModel;
    private final EncoderEngine engine;
    private final EncoderConfig encoderConfig;
    private final int maxTextChars;
    private final int maxTexts;
    private final ExecutorService executor;
    private final ClassLoader pluginLoader;
    private final boolean encoderNode;
    private final RecentQueueWait queueWait;
    private final QueueWaitShedder shedder;
    // guarded by this: models trained in the cluster join while the node runs
    private final Map<String, LoadedModel> models = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<LoadedModel>> loads = new LinkedHashMap<>();

    /**
     * @param modelDir folder of extra (LEAP-trained) models, {@code <name>/model.json}; may not exist
     * @param executor the bounded inference pool
     * @param encoderNode whether this node loads its models and encodes
     * @param queueWait where every encode's wait for a thread of the pool goes, for the degrading decision
     * @param shedder which encodes are refused, for their wait, when a thread takes them
     */
    public ModelRegistry(Settings settings, Path modelDir, ExecutorService executor, boolean encoderNode, RecentQueueWait queueWait,
        QueueWaitShedder shedder) {
        this.encoderNode = encoderNode;
        this.queueWait = queueWait;
        this.shedder = shedder;
        this.pluginLoader = ModelRegistry.class.getClassLoader();
        this.catalog = new ModelCatalog(pluginLoader, modelDir);
        this.defaultModel = LeapSettings.DEFAULT_MODEL.get(settings);
        LeapSettings.checkEncoderThreads(settings);
        this.engine = EncoderEngine.parse(LeapSettings.ENCODER_ENGINE.get(settings));
        this.encoderConfig = new EncoderConfig(LeapSettings.DEVICE.get(settings), LeapSettings.ENCODER_BATCH_SIZE.get(settings),
            LeapSettings.ENCODER_TOKEN_BUDGET.get(settings), LeapSettings.ENCODER_THREADS.get(settings));
        this.maxTextChars = LeapSettings.MAX_TEXT_CHARS.get(settings);
        this.maxTexts = LeapSettings.MAX_TEXTS_PER_ENCODE.get(settings);
        this.executor = executor;
        Set<String> names = new LinkedHashSet<>();
        names.add(defaultModel);
        names.addAll(LeapSettings.MODELS.get(settings));
        for (String name : names) {
            ModelDescriptor descriptor;
            try {
                descriptor = catalog.descriptor(name);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot use model [" + name + "] named by [" + LeapSettings.DEFAULT_MODEL.getKey()
                    + "] or [" + LeapSettings.MODELS.getKey() + "]: " + e.getMessage(), e);
            }
            models.put(name, new LoadedModel(name, descriptor, catalog, Map.of()));
        }
    }

    /** On an encoder node, starts loading every model on the inference pool; returns at once. Elsewhere, does nothing. */
    public synchronized void startLoading() {
        if (encoderNode == false) {
            return;
        }
        for (LoadedModel model : models.values()) {
            startLoading(model, catalog);
        }
    }

    private void startLoading(LoadedModel model, ModelCatalog from) {
        CompletableFuture<LoadedModel> done = new CompletableFuture<>();
        loads.put(model.id(), done);
        model.loading();
        executor.execute(() -> load(model, from, done));
    }

    /**
     * Adds a model trained in the cluster, from a folder of model folders, and starts loading it on the inference pool.
     *
     * @param training the training job's metrics, shown by the models API
     * @throws IllegalArgumentException when this node already has a model of that id, or the folder holds none
     */
    public synchronized void add(String modelId, Path modelsDir, Map<String, Object> training) {
        if (models.containsKey(modelId)) {
            throw new IllegalArgumentException("this node already has a model [" + modelId + "]");
        }
        ModelCatalog from = new ModelCatalog(pluginLoader, modelsDir);
        LoadedModel model = new LoadedModel(modelId, from.descriptor(modelId), from, training);
        models.put(modelId, model);
        if (encoderNode) {
            startLoading(model, from);
        }
    }

    /**
     * Drops a model from this node (a trained model deleted from the cluster): requests for it answer unknown model
     * from now on; its encoder is closed once a load under way has finished.
     */
    public void remove(String modelId) {
        LoadedModel model;
        CompletableFuture<LoadedModel> loading;
        synchronized (this) {
            model = models.remove(modelId);
            loading = loads.remove(modelId);
        }
        if (model == null) {
            return;
        }
        if (loading == null) {
            model.close();
        } else {
            loading.whenComplete((m, e) -> model.close());
        }
        LOG.info("model [{}] removed from this node", modelId);
    }

    /** True when this node has (or is loading) a model of that id. */
    public synchronized boolean has(String modelId) {
        return models.containsKey(modelId);
    }

    private void load(LoadedModel model, ModelCatalog from, CompletableFuture<LoadedModel> done) {
        long start = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // DJL finds its engines through the context class loader; on a pool thread that is not the plugin's.
        thread.setContextClassLoader(pluginLoader);
        try {
            if (engine.available() != engine) {
                LOG.warn("model [{}] loads on [{}], not [{}]: ONNX Runtime cannot start once libtorch has loaded in this node "
                    + "(a training job ran); a node restart loads it on [{}]", model.id(), engine.available().key(), engine.key(),
                    engine.key());
            }
            SentenceEncoder encoder = engine.load(from, model.id(), encoderConfig);
            long millis = (System.nanoTime() - start) / 1_000_000;
            model.ready(encoder, millis);
            LOG.info("loaded model [{}] ({} layers, dim {}) on [{}] in {} ms", model.id(), model.descriptor().layers(),
                model.descriptor().hidden(), encoder.device(), millis);
        } catch (Throwable t) {
            String reason = describe(t);
            model.failed(reason, (System.nanoTime() - start) / 1_000_000);
            LOG.error("cannot load model [" + model.id() + "]: " + reason, t);
            if (t instanceof Error e && (t instanceof LinkageError) == false) {
                done.complete(model);
                throw e;
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        done.complete(model);
    }

    /** The whole cause chain in one line: the top message alone rarely says what to fix. */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append("; caused by: ");
            }
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    public String defaultModel() {
        return defaultModel;
    }

    public synchronized Collection<LoadedModel> models() {
        return List.copyOf(models.values());
    }

    /**
     * @throws IllegalArgumentException naming the models this node has, when the id is not one of them
     */
    public synchronized LoadedModel model(String modelId) {
        String id = modelId == null ? defaultModel : modelId;
        LoadedModel model = models.get(id);
        if (model == null) {
            throw new IllegalArgumentException("unknown model_id [" + id + "]; this node has " + models.keySet()
                + " (add models with [" + LeapSettings.MODELS.getKey() + "])");
        }
        return model;
    }

    /** {@link #model}, with an unknown id as a 404 naming it: an encode for a model no encoder node has. */
    private LoadedModel known(String modelId) {
        try {
            return model(modelId);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException(e.getMessage());
        }
    }

    /** The model's settings in this cluster state: stored ones, or its defaults with version 0. */
    public ModelSettings settings(String modelId, ClusterState state) {
        LoadedModel model = model(modelId);
        ModelSettings stored = ModelSettingsMetadata.of(state.metadata()).get(model.id());
        return stored == null ? ModelSettings.defaultsFor(model.descriptor().layers()) : stored;
    }

    /**
     * Encodes texts with one model on the inference pool, at the depth and exit rule the model's settings in this state
     * give the path (resolved once, here). Texts must be non-blank (callers check, so that one bad document fails
     * alone); texts over {@code plugins.leap.max_text_chars} are cut first. Called by the plugin's encode service only.
     *
     * @param thetaOverride a request's own theta, or null for the model's setting
     * @param degradedTheta the θ the node degrades this encode to under load (global rule, early exit), or null; ignored
     *     when the request brings its own theta
     */
    public void encode(String modelId, List<String> texts, Double thetaOverride, Double degradedTheta, EncodePath path, ClusterState state,
        ActionListener<EncodeResult> listener) {
        final LoadedModel model;
        final ModelSettings settings;
        final EncodeOptions options;
        final boolean degraded = thetaOverride == null && degradedTheta != null;
        final Double theta = degraded ? degradedTheta : thetaOverride;
        try {
            if (texts.size() > maxTexts) {
                throw new IllegalArgumentException("an encode takes at most " + maxTexts + " texts (" + LeapSettings.MAX_TEXTS_PER_ENCODE
                    .getKey() + "), got " + texts.size());
            }
            model = known(modelId);
            settings = settings(model.id(), state);
            options = settings.options(path, theta, model.descriptor());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        EncodeDepth depth = settings.depth(path, theta);
        CompletableFuture<LoadedModel> loaded;
        synchronized (this) {
            loaded = loads.get(model.id());
        }
        if (loaded == null) {
            listener.onFailure(encoderNode ? new OpenSearchStatusException("model [{}] is not loaded on this node yet", RestStatus.CONFLICT,
                model.id()) : new OpenSearchStatusException("model [{}] is not loaded on this node: it has no [leap_encoder] role",
                RestStatus.SERVICE_UNAVAILABLE, model.id()));
            return;
        }
        loaded.whenComplete((m, ignored) -> {
            try {
                long submitted = System.nanoTime();
                executor.execute(() -> {
                    Run run;
                    try {
                        run = runEncode(model, options, texts, path, submitted, degraded);
                    } catch (RuntimeException e) {
                        listener.onFailure(e);
                        return;
                    } catch (Error e) {
                        failWithError(model, path, e, listener);
                        return;
                    }
                    listener.onResponse(new EncodeResult(model.id(), depth, options.policy().theta(), degraded, settings, run.embeddings(),
                        run.truncated()));
                });
            } catch (RuntimeException rejected) {
                model.stats(path).recordError();
                listener.onFailure(rejected);
            }
        });
    }

    /**
     * An {@link Error} inside an encode (a native library failing to link, an assertion) still answers its caller, or the
     * bulk or search waiting on it would hang; the JVM's own errors (out of memory, stack overflow) are rethrown
     * afterwards, so that OpenSearch ends the node as it does for any of them.
     */
    private static void failWithError(LoadedModel model, EncodePath path, Error e, ActionListener<EncodeResult> listener) {
        model.stats(path).recordError();
        LOG.error(() -> "encode with model [" + model.id() + "] failed with an error", e);
        listener.onFailure(new OpenSearchException("the encoder of model [{}] failed: {}", e, model.id(), e.toString()));
        if (e instanceof VirtualMachineError) {
            throw e;
        }
    }

    /** What one encode gave: a vector per text, and per text whether it was cut. */
    private record Run(List<Embedding> embeddings, boolean[] truncated) {}

    /**
     * Encodes on the calling (inference) thread and counts it in the path's stats, success, failure or shed, and its
     * wait for the thread in the node's recent queue wait: a shed encode's too, its wait is load all the same.
     */
    private Run runEncode(LoadedModel model, EncodeOptions options, List<String> texts, EncodePath path, long submitted,
        boolean degraded) {
        long start = System.nanoTime();
        long waited = start - submitted;
        queueWait.record(waited);
        Optional<OpenSearchRejectedExecutionException> refused = shedder.refusal(model.id(), path, waited);
        if (refused.isPresent()) {
            model.stats(path).recordShed(waited);
            throw refused.get();
        }
        if (model.state() != ModelState.READY) {
            model.stats(path).recordError();
            throw new OpenSearchStatusException("model [{}] failed to load on this node: {}", RestStatus.CONFLICT, model.id(),
                model.failure());
        }
        boolean[] truncated = new boolean[texts.size()];
        try {
            List<Embedding> embeddings = model.withEncoder(encoder -> encoder.encode(cut(texts, truncated), options));
            for (int i = 0; i < truncated.length; i++) {
                truncated[i] |= embeddings.get(i).truncated();
            }
            model.stats(path).recordSuccess(embeddings, truncated, waited, System.nanoTime() - start);
            if (degraded) {
                model.stats(path).recordDegraded(options.policy().theta());
            }
            return new Run(embeddings, truncated);
        } catch (RuntimeException e) {
            model.stats(path).recordError();
            throw e;
        }
    }

    /**
     * Whether an encode takes this text: something but whitespace and control characters within its first
     * {@code plugins.leap.max_text_chars}, the part the encoder sees. A caller that refuses the others before they
     * join a batch keeps one bad text from failing its batch-mates.
     */
    public boolean encodable(String text) {
        return text != null && TextSanitizer.hasContent(text.length() > maxTextChars ? text.substring(0, maxTextChars) : text);
    }

    /** The texts cut to {@code plugins.leap.max_text_chars}; {@code truncated[i]} is set for each text that was cut. */
    private List<String> cut(List<String> texts, boolean[] truncated) {
        List<String> cut = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text != null && text.length() > maxTextChars) {
                text = text.substring(0, maxTextChars);
                truncated[i] = true;
            }
            cut.add(text);
        }
        return cut;
    }

    /**
     * Encodes texts at full depth on the calling thread, left out of the encode stats: the drift monitor's shadow encode,
     * which runs on its own pool so that it never takes a {@code leap_inference} thread from a user's request. Texts are
     * cut exactly as the early-exit encode cut them.
     *
     * @param passage true for documents (the model's passage prefix), false for queries
     * @throws ResourceNotFoundException when the model is not loaded on this node
     */
    public List<Embedding> encodeFullDepth(String modelId, List<String> texts, boolean passage) {
        LoadedModel model = model(modelId);
        EncodeOptions options = EncodeOptions.fullDepth(ExitPolicy.defaultFor(model.descriptor().layers()));
        return model.withEncoder(encoder -> encoder.encode(cut(texts, new boolean[texts.size()]), passage ? options.asPassage() : options));
    }

    @Override
    public void close() {
        for (LoadedModel model : models()) {
            model.close();
        }
    }
}
