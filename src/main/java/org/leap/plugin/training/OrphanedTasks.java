package org.leap.plugin.training;

import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.gateway.GatewayService;
import org.opensearch.threadpool.ThreadPool;

/**
 * On the cluster manager: when nodes leave the cluster, or when this node becomes cluster manager (the one before may
 * have missed a departure), the training tasks of nodes that are no longer in the cluster are marked FAILED
 * ({@link TrainingJobs#failTasksOfNodesOutside}), off the cluster-state thread.
 */
public final class OrphanedTasks implements ClusterStateListener {
    private static final Logger LOG = LogManager.getLogger(OrphanedTasks.class);

    private final ThreadPool threadPool;
    private final TrainingJobs jobs;

    public OrphanedTasks(ThreadPool threadPool, TrainingJobs jobs) {
        this.threadPool = threadPool;
        this.jobs = jobs;
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        if (event.localNodeClusterManager() == false
            || event.state().blocks().hasGlobalBlock(GatewayService.STATE_NOT_RECOVERED_BLOCK)) {
            return;
        }
        boolean becameManager = event.previousState().nodes().isLocalNodeElectedClusterManager() == false;
        if (event.nodesRemoved() == false && becameManager == false) {
            return;
        }
        Set<String> present = Set.copyOf(event.state().nodes().getNodes().keySet());
        threadPool.generic().execute(() -> {
            try {
                jobs.failTasksOfNodesOutside(present);
            } catch (RuntimeException e) {
                LOG.warn("cannot check the training tasks of the nodes that left", e);
            }
        });
    }
}
