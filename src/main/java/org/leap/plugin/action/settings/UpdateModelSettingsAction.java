package org.leap.plugin.action.settings;

import org.opensearch.action.ActionType;

/** Changes a model's settings (exit rule, policies, drift sampling, theta tuning) in cluster state. */
public final class UpdateModelSettingsAction extends ActionType<UpdateModelSettingsResponse> {
    public static final String NAME = "cluster:admin/leap/models/settings/update";
    public static final UpdateModelSettingsAction INSTANCE = new UpdateModelSettingsAction();

    private UpdateModelSettingsAction() {
        super(NAME, UpdateModelSettingsResponse::new);
    }
}
