package org.leap.plugin.action.drift;

import java.io.IOException;
import java.util.List;

import org.leap.plugin.drift.DriftMonitor;
import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.tuning.TuningMetadata;
import org.leap.plugin.tuning.TuningReport;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Checks the model exists, then fans out and takes each node's drift report with the model's current settings; adds the
 * model's θ controller state from this node's cluster state.
 */
public final class TransportGetDriftAction extends TransportNodesAction<GetDriftRequest, GetDriftResponse, GetDriftNodeRequest,
    GetDriftNodeResponse> {
    private final ModelRegistry registry;
    private final DriftMonitor drift;

    @Inject
    public TransportGetDriftAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
        ActionFilters actionFilters, ModelRegistry registry, DriftMonitor drift) {
        super(GetDriftAction.NAME, threadPool, clusterService, transportService, actionFilters, GetDriftRequest::new,
            GetDriftNodeRequest::new, ThreadPool.Names.MANAGEMENT, GetDriftNodeResponse.class);
        this.registry = registry;
        this.drift = drift;
    }

    @Override
    protected void doExecute(Task task, GetDriftRequest request, ActionListener<GetDriftResponse> listener) {
        try {
            registry.model(request.modelId());
        } catch (IllegalArgumentException e) {
            listener.onFailure(new ResourceNotFoundException(e.getMessage()));
            return;
        }
        super.doExecute(task, request, listener);
    }

    @Override
    protected GetDriftResponse newResponse(GetDriftRequest request, List<GetDriftNodeResponse> nodes, List<FailedNodeException> failures) {
        ClusterState state = clusterService.state();
        TuningReport tuning = new TuningReport(registry.settings(request.modelId(), state).tuning(), TuningMetadata.of(state.metadata())
            .get(request.modelId()));
        return new GetDriftResponse(clusterService.getClusterName(), request.modelId(), tuning, nodes, failures);
    }

    @Override
    protected GetDriftNodeRequest newNodeRequest(GetDriftRequest request) {
        return new GetDriftNodeRequest(request.modelId());
    }

    @Override
    protected GetDriftNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new GetDriftNodeResponse(in);
    }

    @Override
    protected GetDriftNodeResponse nodeOperation(GetDriftNodeRequest request) {
        LoadedModel model = registry.model(request.modelId());
        return new GetDriftNodeResponse(clusterService.localNode(), drift.report(model, registry.settings(model.id(),
            clusterService.state())));
    }
}
