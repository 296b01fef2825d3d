package org.leap.plugin.tuning;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningDecision;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * One decision of a model's θ controller with its evidence, as kept in cluster state and shown by {@code _drift}: so
 * that an admin can see why θ (or the calibration target) moved or held, from what window, and when. Its values show
 * under their setting's name: {@code old_theta} and {@code new_theta}, or {@code old_calibration_target} and
 * {@code new_calibration_target}.
 *
 * @param timeMillis when it was decided (epoch millis)
 * @param measure which NN@10 the window's figures are: the system's or the query side's
 * @param setting what the controller moved: θ or the calibration target
 * @param action up, down or hold
 * @param oldValue the setting's value the window was measured at
 * @param newValue its value from then on (the old one for a hold)
 * @param samples samples of that measure in the window, across the nodes
 * @param nn10Mean their mean NN@10
 * @param lowerBound its one-sided 95% lower bound ({@link org.leap.tuning.ScoreBound})
 * @param meanExitLayer their mean exit layer
 * @param reason the controller's reason
 * @param windowSettingsVersion the model settings version the window was measured under
 * @param settingsVersion the settings version the change wrote, -1 for a hold
 */
public record TuningRecord(long timeMillis, Measure measure, TunedSetting setting, TuningDecision.Action action, double oldValue,
    double newValue,
    long samples, double nn10Mean, double lowerBound, double meanExitLayer, String reason, long windowSettingsVersion,
    long settingsVersion) implements Writeable, ToXContentObject {

    /** Which NN@10 a decision read. */
    public enum Measure {
        /** Early exit on both sides against full depth on both, on the shadow index's documents: the whole system. */
        SYSTEM,
        /** The exited query vector against its full-depth twin, both among the user's early-exit documents. */
        QUERY
    }

    /** A decision of the controller on this setting, made now from that measure, before any value it changes is written. */
    public static TuningRecord of(TuningDecision decision, Measure measure, TunedSetting setting, long timeMillis,
        long windowSettingsVersion) {
        return new TuningRecord(timeMillis, measure, setting, decision.action(), decision.from(), decision.to(), decision.evidence()
            .samples(), decision.evidence().meanNn10(), decision.lowerBound(), decision.evidence().meanExitLayer(), decision.reason(),
            windowSettingsVersion, -1);
    }

    /** This decision once its value is written, at that settings version. */
    public TuningRecord written(long version) {
        return new TuningRecord(timeMillis, measure, setting, action, oldValue, newValue, samples, nn10Mean, lowerBound, meanExitLayer,
            reason, windowSettingsVersion, version);
    }

    public static TuningRecord readFrom(StreamInput in) throws IOException {
        return new TuningRecord(in.readLong(), in.readEnum(Measure.class), in.readEnum(TunedSetting.class), in.readEnum(
            TuningDecision.Action.class), in.readDouble(),
            in.readDouble(), in.readVLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readString(), in.readLong(),
            in.readLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeLong(timeMillis);
        out.writeEnum(measure);
        out.writeEnum(setting);
        out.writeEnum(action);
        out.writeDouble(oldValue);
        out.writeDouble(newValue);
        out.writeVLong(samples);
        out.writeDouble(nn10Mean);
        out.writeDouble(lowerBound);
        out.writeDouble(meanExitLayer);
        out.writeString(reason);
        out.writeLong(windowSettingsVersion);
        out.writeLong(settingsVersion);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("time", Instant.ofEpochMilli(timeMillis).toString()).field("time_in_millis", timeMillis)
            .field("measure", measure.name().toLowerCase(Locale.ROOT)).field("setting", setting.key()).field("action", action.name()
                .toLowerCase(Locale.ROOT)).field("old_" + setting.key(), oldValue).field("new_" + setting.key(), newValue)
            .field("samples", samples).field("nn10_mean", nn10Mean).field("nn10_lower_bound", lowerBound)
            .field("mean_exit_layer", meanExitLayer).field("reason", reason).field("window_settings_version", windowSettingsVersion);
        if (settingsVersion >= 0) {
            builder.field("settings_version", settingsVersion);
        }
        return builder.endObject();
    }

    /**
     * Reads what {@link #toXContent} wrote; a decision kept before decisions named their measure read the query's, and
     * one kept before they named their setting moved θ.
     */
    static TuningRecord fromMap(Map<String, Object> m) {
        Measure measure = Measure.valueOf(((String) m.getOrDefault("measure", "query")).toUpperCase(Locale.ROOT));
        TunedSetting setting = TunedSetting.ofKey((String) m.getOrDefault("setting", TunedSetting.THETA.key()));
        return new TuningRecord(number(m, "time_in_millis").longValue(), measure, setting, TuningDecision.Action.valueOf(((String) m
            .get("action")).toUpperCase(Locale.ROOT)), number(m, "old_" + setting.key()).doubleValue(), number(m, "new_" + setting.key())
            .doubleValue(), number(m, "samples")
            .longValue(), number(m, "nn10_mean").doubleValue(), number(m, "nn10_lower_bound").doubleValue(), number(m,
            "mean_exit_layer").doubleValue(), (String) m.get("reason"), number(m, "window_settings_version").longValue(),
            m.containsKey("settings_version") ? number(m, "settings_version").longValue() : -1);
    }

    static Number number(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("stored tuning state has no number [" + key + "]: " + m);
    }
}
