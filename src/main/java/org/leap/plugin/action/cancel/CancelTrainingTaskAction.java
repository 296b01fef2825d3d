package org.leap.plugin.action.cancel;

import org.leap.plugin.action.tasks.GetTrainingTasksResponse;
import org.opensearch.action.ActionType;

/** Asks a training job to stop; its task ends CANCELLED and no model is kept. */
public final class CancelTrainingTaskAction extends ActionType<GetTrainingTasksResponse> {
    public static final String NAME = "cluster:admin/leap/tasks/cancel";
    public static final CancelTrainingTaskAction INSTANCE = new CancelTrainingTaskAction();

    private CancelTrainingTaskAction() {
        super(NAME, GetTrainingTasksResponse::new);
    }
}
