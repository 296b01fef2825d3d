package org.leap.plugin.action.models;

import org.opensearch.action.ActionType;

/** Lists the models of the node that answers, or one of them. */
public final class GetModelsAction extends ActionType<GetModelsResponse> {
    public static final String NAME = "cluster:monitor/leap/models/get";
    public static final GetModelsAction INSTANCE = new GetModelsAction();

    private GetModelsAction() {
        super(NAME, GetModelsResponse::new);
    }
}
