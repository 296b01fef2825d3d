package org.leap.plugin.action.cancel;

import java.util.List;
import java.util.Set;

import org.leap.plugin.action.tasks.GetTrainingTasksResponse;
import org.leap.plugin.training.TrainingJobs;
import org.leap.plugin.training.TrainingTask;
import org.opensearch.action.ActionListenerResponseHandler;
import org.opensearch.action.ActionRunnable;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Flags the job to stop and answers with the task as it is; following GETs show it reach CANCELLED. A cancel sent to
 * another node than the job's goes on to the job's node; a task whose node has left the cluster is marked FAILED.
 */
public final class TransportCancelTrainingTaskAction extends HandledTransportAction<CancelTrainingTaskRequest, GetTrainingTasksResponse> {
    private final TrainingJobs jobs;
    private final ThreadPool threadPool;
    private final ClusterService clusterService;
    private final TransportService transportService;

    @Inject
    public TransportCancelTrainingTaskAction(TransportService transportService, ActionFilters actionFilters, TrainingJobs jobs,
        ThreadPool threadPool, ClusterService clusterService) {
        super(CancelTrainingTaskAction.NAME, transportService, actionFilters, CancelTrainingTaskRequest::new);
        this.jobs = jobs;
        this.threadPool = threadPool;
        this.clusterService = clusterService;
        this.transportService = transportService;
    }

    @Override
    protected void doExecute(Task task, CancelTrainingTaskRequest request, ActionListener<GetTrainingTasksResponse> listener) {
        threadPool.generic().execute(ActionRunnable.wrap(listener, l -> {
            TrainingTask found = jobs.get(request.taskId());
            DiscoveryNode owner = clusterService.state().nodes().get(found.node());
            if (found.state().isFinal() || found.node().equals(clusterService.localNode().getId())) {
                l.onResponse(new GetTrainingTasksResponse(true, List.of(jobs.cancel(request.taskId(), request.waitFor()))));
            } else if (owner != null) {
                transportService.sendRequest(owner, CancelTrainingTaskAction.NAME, request, new ActionListenerResponseHandler<>(l,
                    GetTrainingTasksResponse::new));
            } else {
                Set<String> present = Set.copyOf(clusterService.state().nodes().getNodes().keySet());
                jobs.failTasksOfNodesOutside(present);
                l.onResponse(new GetTrainingTasksResponse(true, List.of(jobs.get(request.taskId()))));
            }
        }));
    }
}
