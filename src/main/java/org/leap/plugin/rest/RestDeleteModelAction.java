package org.leap.plugin.rest;

import java.util.List;

import org.leap.plugin.action.trained.TrainedModelAction;
import org.leap.plugin.action.trained.TrainedModelRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/** DELETE /_plugins/_leap/models/{model_id}: a model trained in the cluster leaves every node and the models index. */
public final class RestDeleteModelAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_delete_model_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.DELETE, LeapRoutes.MODELS + "/{model_id}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        TrainedModelRequest delete = new TrainedModelRequest(request.param("model_id"), true);
        delete.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", delete.clusterManagerNodeTimeout()));
        return channel -> client.execute(TrainedModelAction.INSTANCE, delete, new RestToXContentListener<>(channel));
    }
}
