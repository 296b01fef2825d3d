package org.leap.plugin.action.models;

import java.util.ArrayList;
import java.util.List;

import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelRegistry;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

/** Answers from this node's registry and the cluster's model settings. */
public final class TransportGetModelsAction extends HandledTransportAction<GetModelsRequest, GetModelsResponse> {
    private final ModelRegistry registry;
    private final ClusterService clusterService;

    @Inject
    public TransportGetModelsAction(TransportService transportService, ActionFilters actionFilters, ModelRegistry registry,
        ClusterService clusterService) {
        super(GetModelsAction.NAME, transportService, actionFilters, GetModelsRequest::new);
        this.registry = registry;
        this.clusterService = clusterService;
    }

    @Override
    protected void doExecute(Task task, GetModelsRequest request, ActionListener<GetModelsResponse> listener) {
        ClusterState state = clusterService.state();
        List<ModelInfo> models = new ArrayList<>();
        for (LoadedModel model : registry.models()) {
            if (request.modelId() == null || request.modelId().equals(model.id())) {
                models.add(ModelInfo.of(model, model.id().equals(registry.defaultModel()), registry.settings(model.id(), state)));
            }
        }
        if (request.modelId() != null && models.isEmpty()) {
            listener.onFailure(new ResourceNotFoundException("model [{}] not found; this node has {}", request.modelId(),
                registry.models().stream().map(LoadedModel::id).toList()));
            return;
        }
        listener.onResponse(new GetModelsResponse(clusterService.localNode().getName(), models));
    }
}
