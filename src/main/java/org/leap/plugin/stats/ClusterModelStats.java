package org.leap.plugin.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * One model's stats over the nodes that answered: the nodes that have it loaded (its encoder nodes) and its ingest and
 * query stats summed ({@link PathStatsSnapshot#sum}), so that a cluster whose encodes are spread over several encoder
 * nodes reads as one.
 *
 * @param loadedOn names of the nodes where the model is ready
 */
public record ClusterModelStats(String modelId, List<String> loadedOn, PathStatsSnapshot ingest, PathStatsSnapshot query)
    implements ToXContentObject {

    /** @param perNode each node's name and its models' stats */
    public static List<ClusterModelStats> of(Map<String, List<ModelStatsSnapshot>> perNode) {
        Map<String, List<ModelStatsSnapshot>> byModel = new TreeMap<>();
        Map<String, List<String>> loaded = new TreeMap<>();
        perNode.forEach((node, models) -> {
            for (ModelStatsSnapshot m : models) {
                byModel.computeIfAbsent(m.modelId(), id -> new ArrayList<>()).add(m);
                List<String> on = loaded.computeIfAbsent(m.modelId(), id -> new ArrayList<>());
                if ("ready".equals(m.state())) {
                    on.add(node);
                }
            }
        });
        List<ClusterModelStats> out = new ArrayList<>();
        byModel.forEach((id, parts) -> out.add(new ClusterModelStats(id, List.copyOf(loaded.get(id)),
            PathStatsSnapshot.sum(parts.stream().map(ModelStatsSnapshot::ingest).toList()),
            PathStatsSnapshot.sum(parts.stream().map(ModelStatsSnapshot::query).toList()))));
        return out;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("loaded_on", loadedOn);
        builder.field("ingest");
        ingest.toXContent(builder, params);
        builder.field("query");
        query.toXContent(builder, params);
        return builder.endObject();
    }
}
