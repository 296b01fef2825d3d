package org.leap.plugin.action.encode;

import java.util.ArrayList;
import java.util.List;

import org.leap.encoder.Embedding;
import org.leap.plugin.drift.DriftMonitor;
import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.ModelRegistry;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

/**
 * Runs an encode on this node's inference pool through the model registry; offers each encoded query to the drift monitor
 * (which samples it, or not, at the model's rate).
 */
public final class TransportEncodeAction extends HandledTransportAction<EncodeRequest, EncodeResponse> {
    private final ModelRegistry registry;
    private final ClusterService clusterService;
    private final DriftMonitor drift;

    @Inject
    public TransportEncodeAction(TransportService transportService, ActionFilters actionFilters, ModelRegistry registry,
        ClusterService clusterService, DriftMonitor drift) {
        super(EncodeAction.NAME, transportService, actionFilters, EncodeRequest::new);
        this.registry = registry;
        this.clusterService = clusterService;
        this.drift = drift;
    }

    @Override
    protected void doExecute(Task task, EncodeRequest request, ActionListener<EncodeResponse> listener) {
        registry.encode(request.modelId(), request.texts(), request.theta(), request.path(), clusterService.state(),
            ActionListener.wrap(result -> {
                List<float[]> vectors = new ArrayList<>(result.embeddings().size());
                int[] layers = new int[result.embeddings().size()];
                for (int i = 0; i < layers.length; i++) {
                    Embedding e = result.embeddings().get(i);
                    vectors.add(e.vector());
                    layers[i] = e.exitLayer();
                }
                int depth = registry.model(result.modelId()).descriptor().layers();
                // the offer only draws a random number and hands the sample to the drift pool (or drops it); made before the
                // response so that a sampled query is counted by the time its search answers
                if (request.queryTarget() != null && request.texts().size() == 1) {
                    drift.offerQuery(result, request.texts().get(0), request.queryTarget());
                }
                Double theta = result.depth() == EncodeDepth.FULL_DEPTH ? null : result.theta();
                listener.onResponse(new EncodeResponse(result.modelId(), depth, theta, result.settings().version(), vectors,
                    layers));
            }, listener::onFailure));
    }
}
