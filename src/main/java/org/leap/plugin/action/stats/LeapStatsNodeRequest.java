package org.leap.plugin.action.stats;

import java.io.IOException;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.transport.TransportRequest;

/** The per-node part of a stats request; every node sends all its stats and the filter applies on output. */
public final class LeapStatsNodeRequest extends TransportRequest {
    public LeapStatsNodeRequest() {}

    public LeapStatsNodeRequest(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
    }
}
