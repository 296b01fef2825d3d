package org.leap.plugin.action.drift;

import org.opensearch.action.ActionType;

/** Collects the drift report of one model from every node (or the named ones). */
public final class GetDriftAction extends ActionType<GetDriftResponse> {
    public static final String NAME = "cluster:monitor/leap/models/drift";
    public static final GetDriftAction INSTANCE = new GetDriftAction();

    private GetDriftAction() {
        super(NAME, GetDriftResponse::new);
    }
}
