package org.leap.plugin.action.drift;

import java.io.IOException;
import java.util.List;

import org.leap.plugin.drift.DriftReport;
import org.leap.plugin.tuning.TuningReport;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * {@code _nodes} and {@code cluster_name} (written by the REST layer), the model, {@code cluster}: the nodes' reports
 * merged ({@link DriftReport#merge}), {@code tuning}: the model's θ controller, its state and decisions (from cluster
 * state), then {@code nodes.<node_id>}: each node's report, covering what that node encoded.
 */
public final class GetDriftResponse extends BaseNodesResponse<GetDriftNodeResponse> implements ToXContentFragment {
    private final String modelId;
    private final TuningReport tuning;

    public GetDriftResponse(ClusterName clusterName, String modelId, TuningReport tuning, List<GetDriftNodeResponse> nodes,
        List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
        this.modelId = modelId;
        this.tuning = tuning;
    }

    public GetDriftResponse(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
        this.tuning = TuningReport.readFrom(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
        tuning.writeTo(out);
    }

    @Override
    protected List<GetDriftNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(GetDriftNodeResponse::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<GetDriftNodeResponse> nodes) throws IOException {
        out.writeList(nodes);
    }

    /** The nodes' reports as one ({@link DriftReport#merge}), or null when no node answered. */
    public DriftReport merged() {
        List<DriftReport> reports = getNodes().stream().map(GetDriftNodeResponse::report).toList();
        return reports.isEmpty() ? null : DriftReport.merge(reports, reports.get(0).window().queryExitLayers().length);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field("model_id", modelId);
        DriftReport cluster = merged();
        if (cluster != null) {
            builder.field("cluster");
            cluster.toXContent(builder, params);
        }
        builder.field("tuning");
        tuning.toXContent(builder, params);
        builder.startObject("nodes");
        for (GetDriftNodeResponse node : getNodes()) {
            builder.field(node.getNode().getId());
            node.report().toXContent(builder, params);
        }
        return builder.endObject();
    }
}
