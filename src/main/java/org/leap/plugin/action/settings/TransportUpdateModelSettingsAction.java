package org.leap.plugin.action.settings;

import java.io.IOException;

import org.leap.model.ModelDescriptor;
import org.leap.plugin.model.LoadDegrade;
import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.model.ModelSettings.ExitPolicyType;
import org.leap.plugin.model.ModelSettingsMetadata;
import org.leap.plugin.model.ThetaTuning;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.ClusterStateUpdateTask;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.Priority;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Writes a model's new settings into cluster state on the cluster manager, one version higher than before. The
 * merge with the current values and the range checks against the model's depth happen inside the update task, so two
 * concurrent updates cannot lose each other's fields or versions; an automatic change decided at an older version is
 * refused there, so that it cannot overwrite a change by hand.
 */
public final class TransportUpdateModelSettingsAction extends TransportClusterManagerNodeAction<UpdateModelSettingsRequest,
    UpdateModelSettingsResponse> {
    private final ModelRegistry registry;

    @Inject
    public TransportUpdateModelSettingsAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
        ActionFilters actionFilters, IndexNameExpressionResolver resolver, ModelRegistry registry) {
        super(UpdateModelSettingsAction.NAME, transportService, clusterService, threadPool, actionFilters,
            UpdateModelSettingsRequest::new, resolver);
        this.registry = registry;
    }

    /**
     * The calibration target of the update: the request's, else none if it removes it, else the one set before; and
     * when the controller is to move it and none is set, the target the model's thresholds were calibrated for, which is
     * where it starts.
     */
    private static Double calibrationTarget(UpdateModelSettingsRequest request, ModelSettings before, ExitPolicyType exitPolicy,
        boolean autoTune, ModelDescriptor descriptor) {
        Double target = request.calibrationTarget() != null ? request.calibrationTarget() : request.removeCalibrationTarget() ? null
            : before.calibrationTarget();
        if (target == null && autoTune && exitPolicy == ExitPolicyType.CALIBRATED && descriptor.exitThresholds() != null) {
            return descriptor.exitThresholds().target();
        }
        return target;
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.SAME;
    }

    @Override
    protected UpdateModelSettingsResponse read(StreamInput in) throws IOException {
        return new UpdateModelSettingsResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(UpdateModelSettingsRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(UpdateModelSettingsRequest request, ClusterState state,
        ActionListener<UpdateModelSettingsResponse> listener) {
        final LoadedModel model;
        try {
            model = registry.model(request.modelId());
        } catch (IllegalArgumentException e) {
            listener.onFailure(new ResourceNotFoundException(e.getMessage()));
            return;
        }
        clusterService.submitStateUpdateTask("leap-model-settings[" + model.id() + "]", new ClusterStateUpdateTask(Priority.URGENT) {
            private ModelSettings written;

            @Override
            public ClusterState execute(ClusterState current) {
                ModelSettings before = registry.settings(model.id(), current);
                if (request.ifVersion() >= 0 && before.version() != request.ifVersion()) {
                    throw new OpenSearchStatusException("the settings of model [{}] are at version {}, not {}: they changed after this"
                        + " update was decided", RestStatus.CONFLICT, model.id(), before.version(), request.ifVersion());
                }
                ExitPolicyType exitPolicy = request.exitPolicy() == null ? before.exitPolicy() : request.exitPolicy();
                boolean autoTune = request.autoTune() == null ? before.tuning().autoTune() : request.autoTune();
                ModelSettings next = new ModelSettings(request.theta() == null ? before.theta() : request.theta(),
                    request.k() == null ? before.k() : request.k(), request.lMin() == null ? before.lMin() : request.lMin(),
                    exitPolicy, calibrationTarget(request, before, exitPolicy, autoTune, model.descriptor()),
                    request.ingestPolicy() == null ? before.ingestPolicy() : request.ingestPolicy(),
                    request.queryPolicy() == null ? before.queryPolicy() : request.queryPolicy(),
                    request.driftSampleRate() == null ? before.driftSampleRate() : request.driftSampleRate(),
                    request.autoRaiseTheta() == null ? before.autoRaiseTheta() : request.autoRaiseTheta(),
                    new ThetaTuning(autoTune,
                        request.targetNn10() == null ? before.tuning().targetNn10() : request.targetNn10()),
                    new LoadDegrade(request.removeDegradeFloor() ? null : request.degradeMinNn10() == null ? before.degrade().minNn10()
                        : request.degradeMinNn10(),
                        request.degradeIngest() == null ? before.degrade().ingest() : request.degradeIngest()), before.version() + 1);
                next.checkFor(model.descriptor());
                written = next;
                ModelSettingsMetadata all = ModelSettingsMetadata.of(current.metadata()).with(model.id(), next);
                return ClusterState.builder(current).metadata(Metadata.builder(current.metadata())
                    .putCustom(ModelSettingsMetadata.TYPE, all)).build();
            }

            @Override
            public void onFailure(String source, Exception e) {
                listener.onFailure(e);
            }

            @Override
            public void clusterStateProcessed(String source, ClusterState oldState, ClusterState newState) {
                listener.onResponse(new UpdateModelSettingsResponse(model.id(), written));
            }
        });
    }
}
