package org.leap.plugin.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.leap.encoder.SentenceEncoder;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.plugin.stats.EncodePath;
import org.leap.plugin.stats.PathStats;
import org.leap.text.TextTokenizer;
import org.opensearch.ResourceNotFoundException;

/**
 * One model on this node: its descriptor, its encoder once loaded, why it failed when it did, and its stats.
 * State changes happen once, on the inference pool, and are published through volatile fields.
 */
public final class LoadedModel {
    private final String id;
    private final ModelDescriptor descriptor;
    private final Map<String, Object> training;
    private final Map<EncodePath, PathStats> stats = new EnumMap<>(EncodePath.class);
    private volatile ModelState state = ModelState.NOT_LOADED;
    private volatile SentenceEncoder encoder;
    private volatile String failure;
    private volatile long loadMillis;
    private final ReentrantReadWriteLock use = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private final ModelCatalog catalog;
    // guarded by this; made on first use, on any node: chunking at ingest needs the tokenizer, not the encoder
    private TextTokenizer tokenizer;

    /**
     * @param catalog where the model's files are, for its tokenizer
     * @param training what the training job measured, for a model trained in the cluster; else empty
     */
    LoadedModel(String id, ModelDescriptor descriptor, ModelCatalog catalog, Map<String, Object> training) {
        this.id = id;
        this.descriptor = descriptor;
        this.catalog = catalog;
        this.training = Map.copyOf(training);
        for (EncodePath path : EncodePath.values()) {
            stats.put(path, new PathStats(descriptor.layers()));
        }
    }

    void loading() {
        this.state = ModelState.LOADING;
    }

    void ready(SentenceEncoder loaded, long millis) {
        this.encoder = loaded;
        this.loadMillis = millis;
        this.state = ModelState.READY;
    }

    void failed(String reason, long millis) {
        this.failure = reason;
        this.loadMillis = millis;
        this.state = ModelState.FAILED;
    }

    public String id() {
        return id;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The training job's metrics (exit rate, layer reduction, ...) of a model trained in the cluster, else empty. */
    public Map<String, Object> training() {
        return training;
    }

    public ModelState state() {
        return state;
    }

    /** Why loading failed, or null. */
    public String failure() {
        return failure;
    }

    public long loadMillis() {
        return loadMillis;
    }

    /** The engine the encoder runs on, or null before it is loaded. */
    public String engine() {
        SentenceEncoder e = encoder;
        return e == null ? null : e.engine();
    }

    /** The device the encoder runs on, {@code cpu} or {@code gpu(0)}, or null before it is loaded. */
    public String device() {
        SentenceEncoder e = encoder;
        return e == null ? null : e.device().name();
    }

    /** Why the encoder runs on that device (what was asked and what the engine found), or null before it is loaded. */
    public String deviceReason() {
        SentenceEncoder e = encoder;
        return e == null ? null : e.device().reason();
    }

    /**
     * Runs an encode with this model's encoder while no close can free its native memory: encodes share a read lock,
     * {@link #close} waits for them under the write lock.
     *
     * @throws ResourceNotFoundException when the model was closed (deleted from the cluster, or the node stops)
     */
    <T> T withEncoder(Function<SentenceEncoder, T> work) {
        use.readLock().lock();
        try {
            if (closed || encoder == null) {
                throw new ResourceNotFoundException("model [{}] is not loaded on this node ({})", id, closed ? "removed" : state.key());
            }
            return work.apply(encoder);
        } finally {
            use.readLock().unlock();
        }
    }

    /**
     * Token counts by this model's own tokenizer (no special tokens): what chunking at ingest packs windows by. The
     * tokenizer is read from the model's files on first use, with the plugin's class loader, where DJL finds its natives.
     *
     * @throws ResourceNotFoundException when the model was closed
     */
    public int[] countTokens(List<String> texts) {
        use.readLock().lock();
        try {
            if (closed) {
                throw new ResourceNotFoundException("model [{}] is not on this node (removed)", id);
            }
            return tokenizer().countTokens(texts);
        } finally {
            use.readLock().unlock();
        }
    }

    private synchronized TextTokenizer tokenizer() {
        if (tokenizer == null) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(LoadedModel.class.getClassLoader());
            try {
                tokenizer = new TextTokenizer(catalog.tokenizer(descriptor), descriptor.maxLength());
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return tokenizer;
    }

    public PathStats stats(EncodePath path) {
        return stats.get(path);
    }

    /** Frees the encoder once the encodes running with it have finished; later encodes are refused. */
    void close() {
        use.writeLock().lock();
        try {
            closed = true;
            SentenceEncoder e = encoder;
            if (e != null) {
                e.close();
            }
            synchronized (this) {
                if (tokenizer != null) {
                    tokenizer.close();
                }
            }
        } finally {
            use.writeLock().unlock();
        }
    }
}
