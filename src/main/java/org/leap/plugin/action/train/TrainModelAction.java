package org.leap.plugin.action.train;

import org.opensearch.action.ActionType;

/** Starts a LEAP training job on the node that receives it. */
public final class TrainModelAction extends ActionType<TrainModelResponse> {
    public static final String NAME = "cluster:admin/leap/models/train";
    public static final TrainModelAction INSTANCE = new TrainModelAction();

    private TrainModelAction() {
        super(NAME, TrainModelResponse::new);
    }
}
