package org.leap.plugin.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.leap.plugin.action.train.TrainModelAction;
import org.leap.plugin.action.train.TrainModelRequest;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/** POST /_plugins/_leap/models/_train with the job's body. */
public final class RestTrainModelAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_train_model_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, LeapRoutes.MODELS + "/_train"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        if (request.hasContentOrSourceParam() == false) {
            throw new IllegalArgumentException("the request needs a body with [name, teacher, student_init, training_index, "
                + "training_field]");
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            body = parser.map();
        }
        TrainModelRequest train = TrainModelRequest.fromMap(body);
        return channel -> client.execute(TrainModelAction.INSTANCE, train, new RestToXContentListener<>(channel));
    }
}
