package org.leap.plugin.action.stats;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import org.leap.plugin.stats.LeapStatName;
import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** The nodes to ask (none: all) and the stats wanted. */
public final class LeapStatsRequest extends BaseNodesRequest<LeapStatsRequest> {
    private final Set<LeapStatName> stats;

    public LeapStatsRequest(Set<LeapStatName> stats, String... nodeIds) {
        super(nodeIds);
        this.stats = stats.isEmpty() ? EnumSet.noneOf(LeapStatName.class) : EnumSet.copyOf(stats);
    }

    public LeapStatsRequest(StreamInput in) throws IOException {
        super(in);
        this.stats = in.readEnumSet(LeapStatName.class);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeEnumSet(stats.isEmpty() ? java.util.EnumSet.noneOf(LeapStatName.class) : java.util.EnumSet.copyOf(stats));
    }

    public Set<LeapStatName> stats() {
        return stats;
    }
}
