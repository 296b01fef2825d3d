package org.leap.plugin.action.stats;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.leap.plugin.drift.DriftReport;
import org.leap.plugin.stats.LeapStatName;
import org.leap.plugin.stats.ModelStatsSnapshot;
import org.leap.plugin.stats.PathStatsSnapshot;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;

/** One node's stats: a snapshot and a drift report per model, and node totals computed from them. */
public final class LeapStatsNodeResponse extends BaseNodeResponse {
    private final List<ModelStatsSnapshot> models;
    private final List<DriftReport> drift;

    public LeapStatsNodeResponse(DiscoveryNode node, List<ModelStatsSnapshot> models, List<DriftReport> drift) {
        super(node);
        this.models = List.copyOf(models);
        this.drift = List.copyOf(drift);
    }

    public LeapStatsNodeResponse(StreamInput in) throws IOException {
        super(in);
        this.models = in.readList(ModelStatsSnapshot::readFrom);
        this.drift = in.readList(DriftReport::readFrom);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(models);
        out.writeList(drift);
    }

    public List<ModelStatsSnapshot> models() {
        return models;
    }

    void toXContent(XContentBuilder builder, ToXContent.Params params, Set<LeapStatName> wanted) throws IOException {
        builder.startObject();
        for (LeapStatName stat : wanted) {
            switch (stat) {
                case MODELS -> perModel(builder, params, stat, models, ModelStatsSnapshot::modelId);
                case DRIFT -> perModel(builder, params, stat, drift, DriftReport::modelId);
                case INGEST_REQUESTS -> builder.field(stat.key(), sum(true, PathStatsSnapshot::requests));
                case INGEST_TEXTS -> builder.field(stat.key(), sum(true, PathStatsSnapshot::texts));
                case QUERY_REQUESTS -> builder.field(stat.key(), sum(false, PathStatsSnapshot::requests));
                case QUERY_TEXTS -> builder.field(stat.key(), sum(false, PathStatsSnapshot::texts));
                case TRUNCATED_TEXTS -> builder.field(stat.key(), sum(true, PathStatsSnapshot::truncated) + sum(false,
                    PathStatsSnapshot::truncated));
                case ENCODE_ERRORS -> builder.field(stat.key(), sum(true, PathStatsSnapshot::errors) + sum(false,
                    PathStatsSnapshot::errors));
                default -> {
                }
            }
        }
        builder.endObject();
    }

    /** {@code "<stat>": {"<model_id>": {...}, ...}}. */
    private static <T extends ToXContent> void perModel(XContentBuilder builder, ToXContent.Params params, LeapStatName stat,
        List<T> perModel, Function<T, String> modelId) throws IOException {
        builder.startObject(stat.key());
        for (T item : perModel) {
            builder.field(modelId.apply(item));
            item.toXContent(builder, params);
        }
        builder.endObject();
    }

    private long sum(boolean ingest, java.util.function.ToLongFunction<PathStatsSnapshot> f) {
        return models.stream().mapToLong(m -> f.applyAsLong(ingest ? m.ingest() : m.query())).sum();
    }
}
