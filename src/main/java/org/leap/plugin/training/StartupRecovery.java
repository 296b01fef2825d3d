package org.leap.plugin.training;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.cluster.routing.IndexRoutingTable;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.gateway.GatewayService;
import org.opensearch.threadpool.ThreadPool;

/**
 * Runs once after this node starts, as soon as the cluster state is recovered and the plugin's system indices (where
 * they exist) have their primaries: loads the stored models ({@link TrainedModelsSync#loadAll}), then resumes or fails
 * this node's unfinished training tasks ({@link TrainingJobs#recover}), so no task stays RUNNING after its job died.
 */
public final class StartupRecovery implements ClusterStateListener {
    private static final Logger LOG = LogManager.getLogger(StartupRecovery.class);

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final TrainingJobs jobs;
    private final TrainedModelsSync models;
    private final AtomicBoolean started = new AtomicBoolean();

    public StartupRecovery(ClusterService clusterService, ThreadPool threadPool, TrainingJobs jobs, TrainedModelsSync models) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.jobs = jobs;
        this.models = models;
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        if (ready(event.state()) == false || started.compareAndSet(false, true) == false) {
            return;
        }
        clusterService.removeListener(this);
        threadPool.generic().execute(() -> {
            try {
                models.loadAll();
            } catch (RuntimeException e) {
                LOG.error("cannot load the stored models after this node started", e);
            }
            try {
                jobs.recover();
            } catch (RuntimeException e) {
                LOG.error("cannot resume or end the training tasks of this node after it started", e);
            }
        });
    }

    static boolean ready(ClusterState state) {
        if (state.nodes().getClusterManagerNodeId() == null || state.blocks().hasGlobalBlock(GatewayService.STATE_NOT_RECOVERED_BLOCK)) {
            return false;
        }
        for (SystemIndex index : new SystemIndex[] { SystemIndex.TASKS, SystemIndex.MODELS }) {
            if (state.metadata().hasIndex(index.name())) {
                IndexRoutingTable routing = state.routingTable().index(index.name());
                if (routing == null || routing.allPrimaryShardsActive() == false) {
                    return false;
                }
            }
        }
        return true;
    }
}
