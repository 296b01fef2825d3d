package org.leap.plugin.training;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.TrainedModelsMetadata;
import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.gateway.GatewayService;
import org.opensearch.threadpool.ThreadPool;

/**
 * Keeps this node's models in step with the cluster's list of trained models ({@link TrainedModelsMetadata}), off the
 * cluster-state thread: a model that joins the list is written from the models index and added (loaded on an encoder
 * node); a model that leaves is dropped, its folder and what else this node keeps of it (its shadow index) deleted, and
 * the cluster manager deletes its stored files.
 */
public final class TrainedModelsSync implements ClusterStateListener {
    private static final Logger LOG = LogManager.getLogger(TrainedModelsSync.class);

    private final ThreadPool threadPool;
    private final ModelRegistry registry;
    private final StoredModels storedModels;
    private final Path storedRoot;
    private final Consumer<String> deleteLocalState;

    /**
     * @param storedRoot where stored models are written on this node ({@code <model_id>/})
     * @param deleteLocalState deletes what else this node keeps of a model that left the cluster
     */
    public TrainedModelsSync(ThreadPool threadPool, ModelRegistry registry, StoredModels storedModels, Path storedRoot,
        Consumer<String> deleteLocalState) {
        this.threadPool = threadPool;
        this.registry = registry;
        this.storedModels = storedModels;
        this.storedRoot = storedRoot;
        this.deleteLocalState = deleteLocalState;
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        // the first state after this node started is startup recovery's (loadAll, below);
        // writing the same model folders from two threads at once would clobber them
        if (event.previousState().blocks().hasGlobalBlock(GatewayService.STATE_NOT_RECOVERED_BLOCK)
            || event.state().blocks().hasGlobalBlock(GatewayService.STATE_NOT_RECOVERED_BLOCK)) {
            return;
        }
        Set<String> before = TrainedModelsMetadata.of(event.previousState().metadata()).modelIds();
        Set<String> after = TrainedModelsMetadata.of(event.state().metadata()).modelIds();
        if (before.equals(after)) {
            return;
        }
        Set<String> added = new HashSet<>(after);
        added.removeAll(before);
        Set<String> removed = new HashSet<>(before);
        removed.removeAll(after);
        boolean clusterManager = event.localNodeClusterManager();
        threadPool.generic().execute(() -> {
            for (String id : added) {
                add(id);
            }
            for (String id : removed) {
                remove(id, clusterManager);
            }
        });
    }

    /**
     * Adds every stored model this node does not have yet; run once at startup (by {@link StartupRecovery}), before the
     * cluster's later changes are followed. One model that cannot be written or loaded is logged and skipped.
     */
    public void loadAll() {
        for (StoredModels.StoredModel stored : storedModels.list()) {
            if (registry.has(stored.modelId()) == false) {
                try {
                    storedModels.materialise(stored, storedRoot);
                    registry.add(stored.modelId(), storedRoot, stored.metrics());
                } catch (RuntimeException e) {
                    LOG.error("cannot load stored model [" + stored.modelId() + "]", e);
                }
            }
        }
    }

    private void add(String modelId) {
        if (registry.has(modelId)) {
            return;
        }
        try {
            for (StoredModels.StoredModel stored : storedModels.list()) {
                if (stored.modelId().equals(modelId)) {
                    storedModels.materialise(stored, storedRoot);
                    registry.add(modelId, storedRoot, stored.metrics());
                    return;
                }
            }
            LOG.warn("trained model [{}] joined the cluster's list but is not in the models index", modelId);
        } catch (RuntimeException e) {
            LOG.error("cannot add trained model [" + modelId + "] to this node", e);
        }
    }

    private void remove(String modelId, boolean clusterManager) {
        registry.remove(modelId);
        deleteLocalState.accept(modelId);
        try {
            JobFolder.deleteTree(storedRoot.resolve(modelId));
            if (clusterManager) {
                storedModels.delete(modelId);
            }
        } catch (RuntimeException e) {
            LOG.error("cannot delete the files of trained model [" + modelId + "]", e);
        }
    }
}
