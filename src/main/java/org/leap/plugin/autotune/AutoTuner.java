package org.leap.plugin.autotune;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.plugin.model.ModelSettingsMetadata;
import org.opensearch.cluster.LocalNodeClusterManagerListener;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.Scheduler;
import org.opensearch.threadpool.ThreadPool;

/**
 * Runs the θ controller where it must run once for the cluster: on the elected cluster manager. Being elected starts a
 * round per tuned model every interval; losing the election stops it. A model whose last round has not finished is
 * skipped, so that two rounds never decide from the same window. Nothing is kept here between rounds: each reads and
 * writes cluster state, which is how a newly elected cluster manager resumes.
 */
public final class AutoTuner implements LocalNodeClusterManagerListener {
    private static final Logger LOG = LogManager.getLogger(AutoTuner.class);

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final TuningRound round;
    private final TimeValue interval;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private Scheduler.Cancellable schedule;

    public AutoTuner(ClusterService clusterService, ThreadPool threadPool, TuningRound round, TimeValue interval) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.round = round;
        this.interval = interval;
    }

    @Override
    public synchronized void onClusterManager() {
        if (schedule == null) {
            schedule = threadPool.scheduleWithFixedDelay(this::tick, interval, ThreadPool.Names.GENERIC);
        }
    }

    @Override
    public synchronized void offClusterManager() {
        if (schedule != null) {
            schedule.cancel();
            schedule = null;
        }
    }

    private void tick() {
        ModelSettingsMetadata.of(clusterService.state().metadata()).models().forEach((modelId, settings) -> {
            if (settings.tuning().autoTune() && running.add(modelId)) {
                round.run(modelId, ActionListener.runAfter(ActionListener.wrap(v -> {}, e -> LOG.warn("θ controller of model ["
                    + modelId + "]: the round failed; the next one reads the drift windows again", e)), () -> running.remove(modelId)));
            }
        });
    }
}
