package org.leap.plugin.action.tasks;

import java.util.List;

import org.leap.plugin.training.TrainingJobs;
import org.opensearch.action.ActionRunnable;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/** Reads the task documents on the generic pool; any node answers for every node's tasks. */
public final class TransportGetTrainingTasksAction extends HandledTransportAction<GetTrainingTasksRequest, GetTrainingTasksResponse> {
    private final TrainingJobs jobs;
    private final ThreadPool threadPool;

    @Inject
    public TransportGetTrainingTasksAction(TransportService transportService, ActionFilters actionFilters, TrainingJobs jobs,
        ThreadPool threadPool) {
        super(GetTrainingTasksAction.NAME, transportService, actionFilters, GetTrainingTasksRequest::new);
        this.jobs = jobs;
        this.threadPool = threadPool;
    }

    @Override
    protected void doExecute(Task task, GetTrainingTasksRequest request, ActionListener<GetTrainingTasksResponse> listener) {
        threadPool.generic().execute(ActionRunnable.supply(listener, () -> request.taskId() == null
            ? new GetTrainingTasksResponse(false, jobs.list())
            : new GetTrainingTasksResponse(true, List.of(jobs.get(request.taskId())))));
    }
}
