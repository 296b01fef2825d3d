package org.leap.plugin.shadow;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.util.IOUtils;

/**
 * The shadow indices of this node, one per model, in {@code <root>/<model_id>/}: a model's is opened (or created) by the
 * first document or query sampled for it, so a model without drift monitoring has none; the report reads one only when
 * its folder exists. Deleting a model deletes its shadow; closing closes (and commits) them all.
 */
public final class Shadows implements Closeable {
    private static final Logger LOG = LogManager.getLogger(Shadows.class);
    /** The folder, under the plugin's folder of the node's first data path, that holds the shadows. */
    public static final String FOLDER = "shadow";

    private final Path root;
    private final int maxDocs;
    private final LongSupplier clockMillis;
    private final Map<String, ShadowIndex> indices = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param maxDocs documents each model's shadow holds at most ({@code plugins.leap.drift.shadow_max_docs}) */
    public Shadows(Path root, int maxDocs, LongSupplier clockMillis) {
        this.root = root.toAbsolutePath().normalize();
        this.maxDocs = maxDocs;
        this.clockMillis = clockMillis;
    }

    private Path folder(String modelId) {
        Path dir = root.resolve(modelId).normalize();
        if (root.equals(dir.getParent()) == false) {
            throw new IllegalArgumentException("model id [" + modelId + "] is not a folder name");
        }
        return dir;
    }

    private ShadowIndex index(String modelId) {
        return indices.computeIfAbsent(modelId, id -> new ShadowIndex(folder(id), maxDocs, new Random(), clockMillis));
    }

    /**
     * Offers a model's sampled documents, each with its key (or null) and its early-exit and full-depth vector; see
     * {@link ShadowIndex#add}.
     */
    public void add(String modelId, List<String> keys, List<float[]> early, List<float[]> full) {
        if (closed == false) {
            index(modelId).add(keys, early, full);
        }
    }

    /** The model's system NN@k for one query; see {@link ShadowIndex#overlap}. */
    public OptionalDouble overlap(String modelId, float[] earlyQuery, float[] fullQuery, int k) {
        return closed ? OptionalDouble.empty() : index(modelId).overlap(earlyQuery, fullQuery, k);
    }

    /** What the model's shadow holds; an empty one when it has none (and none is created for asking). */
    public ShadowSummary summary(String modelId) {
        ShadowIndex index = indices.get(modelId);
        if (index == null && (closed || Files.isDirectory(folder(modelId)) == false)) {
            return ShadowSummary.empty(0);
        }
        return (index == null ? index(modelId) : index).summary();
    }

    /** Deletes the model's shadow, open or not: the model left the cluster. */
    public void delete(String modelId) {
        ShadowIndex index = indices.remove(modelId);
        try {
            if (index != null) {
                index.delete();
            } else {
                IOUtils.rm(folder(modelId));
            }
        } catch (IOException e) {
            LOG.error("cannot delete the shadow index of deleted model [" + modelId + "]", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        indices.values().forEach(ShadowIndex::close);
        indices.clear();
    }
}
