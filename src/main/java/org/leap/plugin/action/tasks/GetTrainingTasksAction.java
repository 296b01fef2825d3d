package org.leap.plugin.action.tasks;

import org.opensearch.action.ActionType;

/** Reads training tasks from their system index. */
public final class GetTrainingTasksAction extends ActionType<GetTrainingTasksResponse> {
    public static final String NAME = "cluster:monitor/leap/tasks/get";
    public static final GetTrainingTasksAction INSTANCE = new GetTrainingTasksAction();

    private GetTrainingTasksAction() {
        super(NAME, GetTrainingTasksResponse::new);
    }
}
