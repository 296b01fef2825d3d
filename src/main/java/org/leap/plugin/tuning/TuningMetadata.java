package org.leap.plugin.tuning;

import java.io.IOException;
import java.util.Map;

import org.leap.plugin.model.ModelMapMetadata;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.XContentParser;

/**
 * Each tuned model's controller state and decisions ({@link ModelTuning}) in cluster state, persisted with the
 * cluster: the controller keeps nothing in memory between decisions, so a restarted or newly elected cluster manager
 * resumes where the last one stopped.
 */
public final class TuningMetadata extends ModelMapMetadata<ModelTuning, TuningMetadata> {
    public static final String TYPE = "leap_tuning";
    public static final TuningMetadata EMPTY = new TuningMetadata(Map.of());

    public TuningMetadata(Map<String, ModelTuning> models) {
        super(TYPE, models);
    }

    public TuningMetadata(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, ModelTuning::readFrom));
    }

    @Override
    protected TuningMetadata withModels(Map<String, ModelTuning> models) {
        return new TuningMetadata(models);
    }

    public static TuningMetadata of(Metadata metadata) {
        TuningMetadata custom = metadata.custom(TYPE);
        return custom == null ? EMPTY : custom;
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    public static TuningMetadata fromXContent(XContentParser parser) throws IOException {
        return new TuningMetadata(parse(parser, ModelTuning::fromMap));
    }
}
