package org.leap.plugin.rest;

import java.util.List;

import org.leap.plugin.action.models.GetModelsAction;
import org.leap.plugin.action.models.GetModelsRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/** GET /_plugins/_leap/models and GET /_plugins/_leap/models/{model_id}. */
public final class RestGetModelsAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_get_models_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, LeapRoutes.MODELS), new Route(RestRequest.Method.GET, LeapRoutes.MODELS
            + "/{model_id}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetModelsRequest get = new GetModelsRequest(request.param("model_id"));
        return channel -> client.execute(GetModelsAction.INSTANCE, get, new RestToXContentListener<>(channel));
    }
}
