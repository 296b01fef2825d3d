package org.leap.plugin.action.drift;

import java.io.IOException;

import org.leap.plugin.drift.DriftReport;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** One node's drift report on the model. */
public final class GetDriftNodeResponse extends BaseNodeResponse {
    private final DriftReport report;

    public GetDriftNodeResponse(DiscoveryNode node, DriftReport report) {
        super(node);
        this.report = report;
    }

    public GetDriftNodeResponse(StreamInput in) throws IOException {
        super(in);
        this.report = DriftReport.readFrom(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        report.writeTo(out);
    }

    public DriftReport report() {
        return report;
    }
}
