package org.leap.plugin.rest;

import java.util.List;

import org.leap.plugin.action.tasks.GetTrainingTasksAction;
import org.leap.plugin.action.tasks.GetTrainingTasksRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/** GET /_plugins/_leap/tasks and GET /_plugins/_leap/tasks/{task_id}. */
public final class RestGetTrainingTasksAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_get_training_tasks_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, LeapRoutes.TASKS), new Route(RestRequest.Method.GET, LeapRoutes.TASKS
            + "/{task_id}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetTrainingTasksRequest get = new GetTrainingTasksRequest(request.param("task_id"));
        return channel -> client.execute(GetTrainingTasksAction.INSTANCE, get, new RestToXContentListener<>(channel));
    }
}
