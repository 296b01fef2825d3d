package org.leap.plugin.action.drift;

import java.io.IOException;
import java.util.List;

import org.leap.plugin.drift.DriftReport;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * {@code _nodes} and {@code cluster_name} (written by the REST layer), the model, {@code cluster}: the nodes' reports
 * merged ({@link DriftReport#merge}), then {@code nodes.<node_id>}: each node's report, covering what that node
 * encoded.
 */
public final class GetDriftResponse extends BaseNodesResponse<GetDriftNodeResponse> implements ToXContentFragment {
    private final String modelId;

    public GetDriftResponse(ClusterName clusterName, String modelId, List<GetDriftNodeResponse> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
        this.modelId = modelId;
    }

    public GetDriftResponse(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
    }

    @Override
    protected List<GetDriftNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(GetDriftNodeResponse::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<GetDriftNodeResponse> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field("model_id", modelId);
        List<DriftReport> reports = getNodes().stream().map(GetDriftNodeResponse::report).toList();
        if (reports.isEmpty() == false) {
            builder.field("cluster");
            DriftReport.merge(reports, reports.get(0).window().queryExitLayers().length).toXContent(builder, params);
        }
        builder.startObject("nodes");
        for (GetDriftNodeResponse node : getNodes()) {
            builder.field(node.getNode().getId());
            node.report().toXContent(builder, params);
        }
        return builder.endObject();
    }
}
