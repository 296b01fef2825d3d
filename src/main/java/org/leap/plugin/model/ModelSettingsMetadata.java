package org.leap.plugin.model;

import java.io.IOException;
import java.util.Map;

import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.XContentParser;

/**
 * The per-model settings (exit rule, drift sampling, theta tuning) in cluster state. Being cluster metadata with the gateway context, they are persisted
 * with the cluster and survive a full restart; every node reads them on each encode, so an update is hot.
 */
public final class ModelSettingsMetadata extends ModelMapMetadata<ModelSettings, ModelSettingsMetadata> {
    public static final String TYPE = "leap_model_settings";
    public static final ModelSettingsMetadata EMPTY = new ModelSettingsMetadata(Map.of());

    public ModelSettingsMetadata(Map<String, ModelSettings> models) {
        super(TYPE, models);
    }

    public ModelSettingsMetadata(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, ModelSettings::readFrom));
    }

    @Override
    protected ModelSettingsMetadata withModels(Map<String, ModelSettings> models) {
        return new ModelSettingsMetadata(models);
    }

    public static ModelSettingsMetadata of(Metadata metadata) {
        ModelSettingsMetadata custom = metadata.custom(TYPE);
        return custom == null ? EMPTY : custom;
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    public static ModelSettingsMetadata fromXContent(XContentParser parser) throws IOException {
        return new ModelSettingsMetadata(parse(parser, ModelSettingsMetadata::settings));
    }

    /** One model's settings as stored; state written before the drift or tuning settings existed gets their defaults. */
    private static ModelSettings settings(Map<String, Object> m) {
        Map<?, ?> drift = m.get("drift") instanceof Map<?, ?> d ? d : Map.of();
        double sampleRate = drift.get("sample_rate") instanceof Number n ? n.doubleValue() : ModelSettings.DEFAULT_DRIFT_SAMPLE_RATE;
        return new ModelSettings(((Number) m.get("theta")).doubleValue(), ((Number) m.get("k")).intValue(), ((Number) m.get("l_min"))
            .intValue(), m.get("exit_policy") == null ? ModelSettings.ExitPolicyType.GLOBAL : ModelSettings.ExitPolicyType.parse((String) m
                .get("exit_policy")), m.get("calibration_target") instanceof Number c ? c.doubleValue() : null, depth(m, "ingest_policy",
                    ModelSettings.DEFAULT_INGEST_POLICY), depth(m, "query_policy",
                    ModelSettings.DEFAULT_QUERY_POLICY), sampleRate, Boolean.TRUE.equals(drift.get("auto_raise_theta")), new ThetaTuning(
                        Boolean.TRUE.equals(m.get("auto_tune")), m.get("target_nn10") instanceof Number t ? t.doubleValue()
                            : ThetaTuning.DEFAULT_TARGET), new LoadDegrade(m.get("degrade_min_nn10") instanceof Number f ? f.doubleValue()
                                : null, Boolean.TRUE.equals(m.get("degrade_ingest"))), ((Number) m.get("version")).longValue());
    }

    /** State written before the setting existed has none: the default. */
    private static EncodeDepth depth(Map<String, Object> m, String key, EncodeDepth defaultValue) {
        Object value = m.get(key);
        return value == null ? defaultValue : EncodeDepth.parse(key, value);
    }
}
