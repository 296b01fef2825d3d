package org.leap.plugin.action.stats;

import org.opensearch.action.ActionType;

/** Collects the encode stats of every node (or of the named ones). */
public final class LeapStatsAction extends ActionType<LeapStatsResponse> {
    public static final String NAME = "cluster:monitor/leap/stats";
    public static final LeapStatsAction INSTANCE = new LeapStatsAction();

    private LeapStatsAction() {
        super(NAME, LeapStatsResponse::new);
    }
}
