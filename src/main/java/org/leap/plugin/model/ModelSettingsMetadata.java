package org.leap.plugin.model;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

/**
 * The per-model settings (exit rule and drift sampling) in cluster state. Being cluster metadata with the gateway context, they are persisted
 * with the cluster and survive a full restart; every node reads them on each encode, so an update is hot.
 */
public final class ModelSettingsMetadata extends PersistedModelMetadata {
    public static final String TYPE = "leap_model_settings";
    public static final ModelSettingsMetadata EMPTY = new ModelSettingsMetadata(Map.of());

    private final Map<String, ModelSettings> models;

    public ModelSettingsMetadata(Map<String, ModelSettings> models) {
        super(TYPE);
        this.models = Map.copyOf(models);
    }

    public ModelSettingsMetadata(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, ModelSettings::readFrom));
    }

    /** The settings stored for a model, or null when it was never updated. */
    public ModelSettings get(String modelId) {
        return models.get(modelId);
    }

    public Map<String, ModelSettings> models() {
        return models;
    }

    public ModelSettingsMetadata with(String modelId, ModelSettings settings) {
        Map<String, ModelSettings> next = new TreeMap<>(models);
        next.put(modelId, settings);
        return new ModelSettingsMetadata(next);
    }

    public ModelSettingsMetadata without(String modelId) {
        Map<String, ModelSettings> next = new TreeMap<>(models);
        next.remove(modelId);
        return new ModelSettingsMetadata(next);
    }

    public static ModelSettingsMetadata of(Metadata metadata) {
        ModelSettingsMetadata custom = metadata.custom(TYPE);
        return custom == null ? EMPTY : custom;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(new TreeMap<>(models), StreamOutput::writeString, (o, s) -> s.writeTo(o));
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        for (Map.Entry<String, ModelSettings> e : new TreeMap<>(models).entrySet()) {
            builder.field(e.getKey());
            e.getValue().toXContent(builder, params);
        }
        return builder;
    }

    public static ModelSettingsMetadata fromXContent(XContentParser parser) throws IOException {
        Map<String, ModelSettings> models = new TreeMap<>();
        XContentParser.Token token = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
        if (token == XContentParser.Token.START_OBJECT) {
            token = parser.nextToken();
        }
        for (; token == XContentParser.Token.FIELD_NAME; token = parser.nextToken()) {
            String model = parser.currentName();
            parser.nextToken();
            Map<String, Object> m = parser.map();
            // state written before the drift or tuning settings existed has none of them: it gets their defaults
            Map<?, ?> drift = m.get("drift") instanceof Map<?, ?> d ? d : Map.of();
            double sampleRate = drift.get("sample_rate") instanceof Number n ? n.doubleValue() : ModelSettings.DEFAULT_DRIFT_SAMPLE_RATE;
            models.put(model, new ModelSettings(((Number) m.get("theta")).doubleValue(), ((Number) m.get("k")).intValue(),
                ((Number) m.get("l_min")).intValue(),
                m.get("exit_policy") == null ? ModelSettings.ExitPolicyType.GLOBAL : ModelSettings.ExitPolicyType.parse((String) m.get("exit_policy")),
                depth(m, "ingest_policy", ModelSettings.DEFAULT_INGEST_POLICY), depth(m, "query_policy", ModelSettings.DEFAULT_QUERY_POLICY),
                sampleRate, Boolean.TRUE.equals(drift.get("auto_raise_theta")), new ThetaTuning(Boolean.TRUE.equals(m.get("auto_tune")),
                    m.get("target_nn10") instanceof Number t ? t.doubleValue() : ThetaTuning.DEFAULT_TARGET),
                ((Number) m.get("version")).longValue()));
        }
        return new ModelSettingsMetadata(models);
    }

    /** State written before the setting existed has none: the default. */
    private static EncodeDepth depth(Map<String, Object> m, String key, EncodeDepth defaultValue) {
        Object value = m.get(key);
        return value == null ? defaultValue : EncodeDepth.parse(key, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSettingsMetadata other && models.equals(other.models);
    }

    @Override
    public int hashCode() {
        return models.hashCode();
    }
}
