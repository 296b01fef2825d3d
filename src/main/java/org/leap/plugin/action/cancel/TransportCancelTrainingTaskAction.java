package org.leap.plugin.action.cancel;

import java.util.List;

import org.leap.plugin.action.tasks.GetTrainingTasksResponse;
import org.leap.plugin.training.TrainingJobs;
import org.opensearch.action.ActionRunnable;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/** Flags the job to stop and answers with the task as it is; following GETs show it reach CANCELLED. */
public final class TransportCancelTrainingTaskAction extends HandledTransportAction<CancelTrainingTaskRequest, GetTrainingTasksResponse> {
    private final TrainingJobs jobs;
    private final ThreadPool threadPool;

    @Inject
    public TransportCancelTrainingTaskAction(TransportService transportService, ActionFilters actionFilters, TrainingJobs jobs,
        ThreadPool threadPool) {
        super(CancelTrainingTaskAction.NAME, transportService, actionFilters, CancelTrainingTaskRequest::new);
        this.jobs = jobs;
        this.threadPool = threadPool;
    }

    @Override
    protected void doExecute(Task task, CancelTrainingTaskRequest request, ActionListener<GetTrainingTasksResponse> listener) {
        threadPool.generic().execute(ActionRunnable.supply(listener,
            () -> new GetTrainingTasksResponse(true, List.of(jobs.cancel(request.taskId())))));
    }
}
