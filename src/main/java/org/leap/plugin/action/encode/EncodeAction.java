package org.leap.plugin.action.encode;

import org.opensearch.action.ActionType;

/** Encodes texts with a model on the node that receives it; the leap_neural query calls it from its rewrite. */
public final class EncodeAction extends ActionType<EncodeResponse> {
    public static final String NAME = "cluster:admin/leap/encode";
    public static final EncodeAction INSTANCE = new EncodeAction();

    private EncodeAction() {
        super(NAME, EncodeResponse::new);
    }
}
