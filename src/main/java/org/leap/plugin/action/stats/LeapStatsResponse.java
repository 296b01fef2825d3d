package org.leap.plugin.action.stats;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.stats.ClusterModelStats;
import org.leap.plugin.stats.LeapStatName;
import org.leap.plugin.stats.ModelStatsSnapshot;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * k-NN's stats shape: {@code _nodes} and {@code cluster_name} (written by the REST layer), then the cluster-level
 * stats (the model settings, and {@code cluster.models}: each model summed over the nodes), then
 * {@code nodes.<node_id>.<stat>}.
 */
public final class LeapStatsResponse extends BaseNodesResponse<LeapStatsNodeResponse> implements ToXContentFragment {
    private final Set<LeapStatName> stats;
    private final Map<String, ModelSettings> modelSettings;

    public LeapStatsResponse(ClusterName clusterName, List<LeapStatsNodeResponse> nodes, List<FailedNodeException> failures,
        Set<LeapStatName> stats, Map<String, ModelSettings> modelSettings) {
        super(clusterName, nodes, failures);
        this.stats = stats;
        this.modelSettings = new TreeMap<>(modelSettings);
    }

    public LeapStatsResponse(StreamInput in) throws IOException {
        super(in);
        this.stats = in.readEnumSet(LeapStatName.class);
        this.modelSettings = in.readMap(StreamInput::readString, ModelSettings::readFrom);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeEnumSet(stats.isEmpty() ? java.util.EnumSet.noneOf(LeapStatName.class) : java.util.EnumSet.copyOf(stats));
        out.writeMap(modelSettings, StreamOutput::writeString, (o, s) -> s.writeTo(o));
    }

    @Override
    protected List<LeapStatsNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(LeapStatsNodeResponse::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<LeapStatsNodeResponse> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        if (stats.contains(LeapStatName.MODEL_SETTINGS)) {
            builder.startObject(LeapStatName.MODEL_SETTINGS.key());
            for (Map.Entry<String, ModelSettings> e : modelSettings.entrySet()) {
                builder.field(e.getKey());
                e.getValue().toXContent(builder, params);
            }
            builder.endObject();
        }
        if (stats.contains(LeapStatName.MODELS)) {
            Map<String, List<ModelStatsSnapshot>> perNode = new TreeMap<>();
            for (LeapStatsNodeResponse node : getNodes()) {
                perNode.put(node.getNode().getName(), node.models());
            }
            builder.startObject("cluster").startObject(LeapStatName.MODELS.key());
            for (ClusterModelStats model : ClusterModelStats.of(perNode)) {
                builder.field(model.modelId());
                model.toXContent(builder, params);
            }
            builder.endObject().endObject();
        }
        builder.startObject("nodes");
        for (LeapStatsNodeResponse node : getNodes()) {
            builder.field(node.getNode().getId());
            node.toXContent(builder, params, stats);
        }
        return builder.endObject();
    }
}
