package org.leap.plugin.action.trained;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;

/**
 * Adds a model trained in the cluster to the cluster's list of trained models (the job that stored it does, as the
 * node), or deletes one ({@code DELETE /_plugins/_leap/models/{model_id}}).
 */
public final class TrainedModelAction extends ActionType<AcknowledgedResponse> {
    public static final String NAME = "cluster:admin/leap/models/trained";
    public static final TrainedModelAction INSTANCE = new TrainedModelAction();

    private TrainedModelAction() {
        super(NAME, AcknowledgedResponse::new);
    }
}
