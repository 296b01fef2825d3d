package org.leap.plugin.rest;

import java.util.List;

import org.leap.plugin.action.drift.GetDriftAction;
import org.leap.plugin.action.drift.GetDriftRequest;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestActions;
import org.opensearch.transport.client.node.NodeClient;

/** GET /_plugins/_leap/models/{model_id}/_drift[?nodes=id1,id2]: the model's drift report from each node. */
public final class RestGetDriftAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_get_drift_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, LeapRoutes.MODELS + "/{model_id}/_drift"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetDriftRequest drift = new GetDriftRequest(request.param("model_id"), Strings.splitStringByCommaToArray(request.param("nodes")));
        drift.timeout(request.param("timeout"));
        return channel -> client.execute(GetDriftAction.INSTANCE, drift, new RestActions.NodesResponseRestListener<>(channel));
    }
}
