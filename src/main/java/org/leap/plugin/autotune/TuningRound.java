package org.leap.plugin.autotune;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.plugin.action.drift.GetDriftAction;
import org.leap.plugin.action.drift.GetDriftRequest;
import org.leap.plugin.action.drift.GetDriftResponse;
import org.leap.plugin.action.settings.UpdateModelSettingsAction;
import org.leap.plugin.action.settings.UpdateModelSettingsRequest;
import org.leap.plugin.drift.DriftReport;
import org.leap.plugin.drift.WindowStats;
import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.model.ModelSettingsMetadata;
import org.leap.plugin.tuning.ModelTuning;
import org.leap.plugin.tuning.TuningMetadata;
import org.leap.plugin.tuning.TuningRecord;
import org.leap.tuning.ThetaController;
import org.leap.tuning.TuningConfig;
import org.leap.tuning.TuningDecision;
import org.leap.tuning.TuningWindow;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.ClusterStateUpdateTask;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.Priority;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

/**
 * One decision of one model's θ controller. It asks every node for its drift window through {@code _drift} (which
 * merges them), and decides only from a window measured at the settings in force (a θ change starts a new window, so
 * samples taken before it never count) that holds {@code plugins.leap.tune.min_samples} queries, at least that many
 * taken since the last decision. It decides on the system NN@10 (measured on the shadow index, early exit on both sides
 * against full depth on both) once the window holds that many system samples, and on the query NN@10 until then; the
 * decision's evidence names the measure. A new θ is written through the model settings action, like a change by hand,
 * unless the settings changed since the window was read (then the round fails and the next one reads the new window);
 * then the decision, its evidence and the controller's memory go into cluster state. Under the calibrated exit policy
 * it moves the calibration target the same way ({@link ModelSettings#tunedSetting()}).
 */
public final class TuningRound {
    private static final Logger LOG = LogManager.getLogger(TuningRound.class);

    private final Client client;
    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final int minSamples;
    private final int windowCapacity;

    /**
     * @param minSamples samples a decision needs, taken since the last one
     * @param windowCapacity samples one node's drift window holds: past it, waiting does not tighten a bound
     */
    public TuningRound(Client client, ClusterService clusterService, ThreadPool threadPool, int minSamples, int windowCapacity) {
        this.client = client;
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.minSamples = minSamples;
        this.windowCapacity = windowCapacity;
    }

    /** Decides for this model when its window allows; {@code done} answers once, however the round ends. */
    public void run(String modelId, ActionListener<Void> done) {
        // the controller's calls are the node's, not a user's
        try (ThreadContext.StoredContext ignored = threadPool.getThreadContext().stashContext()) {
            client.execute(GetDriftAction.INSTANCE, new GetDriftRequest(modelId), ActionListener.wrap(drift -> decide(modelId, drift,
                done), done::onFailure));
        } catch (RuntimeException e) {
            done.onFailure(e);
        }
    }

    private void decide(String modelId, GetDriftResponse drift, ActionListener<Void> done) {
        ClusterState state = clusterService.state();
        ModelSettings settings = ModelSettingsMetadata.of(state.metadata()).get(modelId);
        DriftReport merged = drift.merged();
        if (settings == null || settings.tuning().autoTune() == false || merged == null) {
            done.onResponse(null);
            return;
        }
        WindowStats window = merged.window();
        TuningConfig config = settings.tuning().config(settings.tunedSetting(), minSamples);
        ModelTuning stored = TuningMetadata.of(state.metadata()).get(modelId);
        ModelTuning before = stored == null ? ModelTuning.start(config) : stored.forConfig(config);
        if (window.settingsVersion() != settings.version() || window.querySamples() < minSamples || before.fresh(settings.version(),
            merged.querySamplesTaken(), minSamples) == false) {
            done.onResponse(null);
            return;
        }
        ThetaController controller = new ThetaController(config, before.controller());
        TuningRecord.Measure measure = window.systemSamples() >= minSamples ? TuningRecord.Measure.SYSTEM : TuningRecord.Measure.QUERY;
        TuningDecision decision = controller.decide(evidence(window, measure, settings.tunedValue(), windowCapacity));
        TuningRecord record = TuningRecord.of(decision, measure, config.setting(), threadPool.absoluteTimeInMillis(), settings.version());
        if (decision.changes() == false) {
            keep(modelId, before.after(record, controller.state(), settings.version(), merged.querySamplesTaken()), done);
            return;
        }
        UpdateModelSettingsRequest update = UpdateModelSettingsRequest.tuned(modelId, config.setting(), decision.to(), settings.version());
        client.execute(UpdateModelSettingsAction.INSTANCE, update, ActionListener.wrap(written -> {
            LOG.info("θ controller of model [{}]: {} {} -> {} ({} samples, {} NN@10 {}, bound {}): {}", modelId, config.setting().label(),
                decision.from(), decision
                .to(), decision.evidence().samples(), record.measure(), decision.evidence().meanNn10(), decision.lowerBound(), decision
                .reason());
            keep(modelId, before.after(record.written(written.settings().version()), controller.state(), settings.version(), merged
                .querySamplesTaken()), done);
        }, done::onFailure));
    }

    /** The window's figures of that measure at the tuned setting's value; the cost is the queries' mean exit layer either way. */
    static TuningWindow evidence(WindowStats window, TuningRecord.Measure measure, double theta, int capacity) {
        return switch (measure) {
            case SYSTEM -> new TuningWindow(theta, window.systemSamples(), capacity, window.systemNn10Mean(), window.systemNn10SquareMean(),
                window.queryMeanExitLayer());
            case QUERY -> new TuningWindow(theta, window.querySamples(), capacity, window.nn10Mean(), window.nn10SquareMean(), window
                .queryMeanExitLayer());
        };
    }

    /** Puts the model's controller state into cluster state, unless the model was deleted meanwhile. */
    private void keep(String modelId, ModelTuning next, ActionListener<Void> done) {
        clusterService.submitStateUpdateTask("leap-tuning[" + modelId + "]", new ClusterStateUpdateTask(Priority.NORMAL) {
            @Override
            public ClusterState execute(ClusterState current) {
                if (ModelSettingsMetadata.of(current.metadata()).get(modelId) == null) {
                    return current;
                }
                TuningMetadata all = TuningMetadata.of(current.metadata()).with(modelId, next);
                return ClusterState.builder(current).metadata(Metadata.builder(current.metadata()).putCustom(TuningMetadata.TYPE, all))
                    .build();
            }

            @Override
            public void onFailure(String source, Exception e) {
                done.onFailure(e);
            }

            @Override
            public void clusterStateProcessed(String source, ClusterState oldState, ClusterState newState) {
                done.onResponse(null);
            }
        });
    }
}
