package org.leap.plugin.rest;

import java.util.List;

import org.leap.plugin.action.cancel.CancelTrainingTaskAction;
import org.leap.plugin.action.cancel.CancelTrainingTaskRequest;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/** POST /_plugins/_leap/tasks/{task_id}/_cancel[?wait_for_completion=true[&amp;timeout=30s]]. */
public final class RestCancelTrainingTaskAction extends BaseRestHandler {
    private static final TimeValue DEFAULT_TIMEOUT = TimeValue.timeValueSeconds(30);

    @Override
    public String getName() {
        return "leap_cancel_training_task_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, LeapRoutes.TASKS + "/{task_id}/_cancel"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        boolean wait = request.paramAsBoolean("wait_for_completion", false);
        TimeValue timeout = request.paramAsTime("timeout", DEFAULT_TIMEOUT);
        CancelTrainingTaskRequest cancel = new CancelTrainingTaskRequest(request.param("task_id"), wait ? timeout : TimeValue.ZERO);
        return channel -> client.execute(CancelTrainingTaskAction.INSTANCE, cancel, new RestToXContentListener<>(channel));
    }
}
