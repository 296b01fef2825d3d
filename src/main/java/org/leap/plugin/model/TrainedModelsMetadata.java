package org.leap.plugin.model;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

/**
 * The ids of the models trained in this cluster, in cluster state: the notice every node acts on. A model that joins
 * is added to each node's registry (and loaded on encoder nodes) without a restart; a model that leaves is dropped
 * everywhere, and its stored files deleted. Persisted with the cluster like the models' settings.
 */
public final class TrainedModelsMetadata extends PersistedModelMetadata {
    public static final String TYPE = "leap_trained_models";
    public static final TrainedModelsMetadata EMPTY = new TrainedModelsMetadata(Set.of());

    private final Set<String> modelIds;

    public TrainedModelsMetadata(Set<String> modelIds) {
        super(TYPE);
        this.modelIds = Set.copyOf(modelIds);
    }

    public TrainedModelsMetadata(StreamInput in) throws IOException {
        this(Set.copyOf(in.readStringList()));
    }

    public static TrainedModelsMetadata of(Metadata metadata) {
        TrainedModelsMetadata custom = metadata.custom(TYPE);
        return custom == null ? EMPTY : custom;
    }

    public Set<String> modelIds() {
        return modelIds;
    }

    public TrainedModelsMetadata with(String modelId) {
        Set<String> next = new TreeSet<>(modelIds);
        next.add(modelId);
        return new TrainedModelsMetadata(next);
    }

    public TrainedModelsMetadata without(String modelId) {
        Set<String> next = new TreeSet<>(modelIds);
        next.remove(modelId);
        return new TrainedModelsMetadata(next);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeStringCollection(new TreeSet<>(modelIds));
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.field("model_ids", new TreeSet<>(modelIds));
    }

    public static TrainedModelsMetadata fromXContent(XContentParser parser) throws IOException {
        XContentParser.Token token = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
        if (token == XContentParser.Token.START_OBJECT) {
            parser.nextToken();
        }
        Set<String> ids = new TreeSet<>();
        while (parser.currentToken() == XContentParser.Token.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("model_ids")) {
                for (Object id : parser.list()) {
                    ids.add((String) id);
                }
            } else {
                parser.skipChildren();
            }
            parser.nextToken();
        }
        return new TrainedModelsMetadata(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainedModelsMetadata other && modelIds.equals(other.modelIds);
    }

    @Override
    public int hashCode() {
        return modelIds.hashCode();
    }
}
