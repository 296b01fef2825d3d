package org.leap.plugin.action.trained;

import java.io.IOException;

import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.ModelSettingsMetadata;
import org.leap.plugin.tuning.TuningMetadata;
import org.leap.plugin.model.TrainedModelsMetadata;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
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
 * Changes the list of trained models in cluster state on the cluster manager. A delete is refused for a model that
 * was not trained in the cluster (400: it ships with the plugin or is named in the node settings) and for the default
 * model; it also drops the model's settings. What follows the change on each node (loading, dropping, deleting the
 * stored files) is the nodes' own, on their cluster-state listener.
 */
public final class TransportTrainedModelAction extends TransportClusterManagerNodeAction<TrainedModelRequest, AcknowledgedResponse> {
    private final ModelRegistry registry;

    @Inject
    public TransportTrainedModelAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
        ActionFilters actionFilters, IndexNameExpressionResolver resolver, ModelRegistry registry) {
        super(TrainedModelAction.NAME, transportService, clusterService, threadPool, actionFilters, TrainedModelRequest::new, resolver);
        this.registry = registry;
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.SAME;
    }

    @Override
    protected AcknowledgedResponse read(StreamInput in) throws IOException {
        return new AcknowledgedResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(TrainedModelRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(TrainedModelRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        String id = request.modelId();
        if (request.delete()) {
            if (TrainedModelsMetadata.of(state.metadata()).modelIds().contains(id) == false) {
                listener.onFailure(registry.has(id) ? new OpenSearchStatusException("model [{}] was not trained in this cluster (it ships"
                    + " with the plugin or is named in the node settings); only trained models can be deleted", RestStatus.BAD_REQUEST, id)
                    : new ResourceNotFoundException("no trained model [{}]", id));
                return;
            }
            if (id.equals(registry.defaultModel())) {
                listener.onFailure(new OpenSearchStatusException("model [{}] is this node's default model (plugins.leap.default_model);"
                    + " change the default before deleting it", RestStatus.BAD_REQUEST, id));
                return;
            }
        }
        clusterService.submitStateUpdateTask("leap-trained-model[" + id + "]", new ClusterStateUpdateTask(Priority.URGENT) {
            @Override
            public ClusterState execute(ClusterState current) {
                TrainedModelsMetadata trained = TrainedModelsMetadata.of(current.metadata());
                Metadata.Builder metadata = Metadata.builder(current.metadata());
                if (request.delete()) {
                    metadata.putCustom(TrainedModelsMetadata.TYPE, trained.without(id));
                    metadata.putCustom(ModelSettingsMetadata.TYPE, ModelSettingsMetadata.of(current.metadata()).without(id));
                    metadata.putCustom(TuningMetadata.TYPE, TuningMetadata.of(current.metadata()).without(id));
                } else {
                    metadata.putCustom(TrainedModelsMetadata.TYPE, trained.with(id));
                }
                return ClusterState.builder(current).metadata(metadata).build();
            }

            @Override
            public void onFailure(String source, Exception e) {
                listener.onFailure(e);
            }

            @Override
            public void clusterStateProcessed(String source, ClusterState oldState, ClusterState newState) {
                listener.onResponse(new AcknowledgedResponse(true));
            }
        });
    }
}
