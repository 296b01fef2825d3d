package org.leap.plugin.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.leap.plugin.action.settings.UpdateModelSettingsAction;
import org.leap.plugin.action.settings.UpdateModelSettingsRequest;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/**
 * PUT /_plugins/_leap/models/{model_id}/_settings with {@code {"theta", "k", "l_min", "exit_policy", "ingest_policy",
 * "query_policy", "drift.sample_rate", "drift.auto_raise_theta", "auto_tune", "target_nn10"}}.
 */
public final class RestUpdateModelSettingsAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_update_model_settings_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.PUT, LeapRoutes.MODELS + "/{model_id}/_settings"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String modelId = request.param("model_id");
        if (request.hasContentOrSourceParam() == false) {
            throw new IllegalArgumentException("the request needs a body with at least one of "
                + UpdateModelSettingsRequest.FIELDS.stream().sorted().toList());
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            body = parser.map();
        }
        UpdateModelSettingsRequest update = UpdateModelSettingsRequest.fromMap(modelId, body);
        update.clusterManagerNodeTimeout(request.paramAsTime("cluster_manager_timeout", update.clusterManagerNodeTimeout()));
        return channel -> client.execute(UpdateModelSettingsAction.INSTANCE, update, new RestToXContentListener<>(channel));
    }
}
