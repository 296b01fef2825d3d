package org.leap.plugin.action.train;

import org.leap.plugin.encode.EncoderForwarding;
import org.leap.plugin.encode.EncoderRole;
import org.leap.plugin.training.TrainingJobs;
import org.leap.plugin.training.TrainingTask;
import org.opensearch.action.ActionRunnable;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Checks the job, reads its sentences and queues it, on the generic pool (it searches and writes the task document),
 * and answers once the task is recorded. Jobs run on encoder nodes: any other node forwards the request to one.
 */
public final class TransportTrainModelAction extends HandledTransportAction<TrainModelRequest, TrainModelResponse> {
    private final TrainingJobs jobs;
    private final ThreadPool threadPool;
    private final ClusterService clusterService;
    private final EncoderForwarding forwarding;

    @Inject
    public TransportTrainModelAction(TransportService transportService, ActionFilters actionFilters, TrainingJobs jobs,
        ThreadPool threadPool, ClusterService clusterService) {
        super(TrainModelAction.NAME, transportService, actionFilters, TrainModelRequest::new);
        this.jobs = jobs;
        this.threadPool = threadPool;
        this.clusterService = clusterService;
        this.forwarding = new EncoderForwarding(transportService);
    }

    @Override
    protected void doExecute(Task task, TrainModelRequest request, ActionListener<TrainModelResponse> listener) {
        if (EncoderRole.of(clusterService.localNode()) == false) {
            forwarding.forward(clusterService.state().nodes(), TrainModelAction.NAME, request, TrainModelResponse::new, listener);
            return;
        }
        threadPool.generic().execute(ActionRunnable.supply(listener, () -> {
            TrainingTask created = jobs.start(request.spec());
            return new TrainModelResponse(created.taskId(), created.modelId(), created.state().name());
        }));
    }
}
