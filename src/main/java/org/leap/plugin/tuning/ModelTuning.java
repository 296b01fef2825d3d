package org.leap.plugin.tuning;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.leap.tuning.ControllerState;
import org.leap.tuning.ThetaGrain;
import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningConfig;
import org.leap.tuning.TuningDecision;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * Everything the θ controller of one model carries from one decision to the next, kept in cluster state so that a
 * restart or a new cluster manager resumes it: what the controller remembers, the target it remembers it for, which
 * window the last decision read (so that the next one waits for fresh samples), and the last decisions with their
 * evidence.
 *
 * @param setting the setting {@code controller} moves; another (the exit policy changed) starts a fresh controller
 * @param target the target NN@10 {@code controller} was built for; another target starts a fresh controller
 * @param controller the controller's memory (step, last move, θ that fell short)
 * @param windowSettingsVersion the settings version of the window the last decision read, -1 before the first
 * @param querySamplesTaken the query samples the nodes had taken at the last decision
 * @param decisions the last {@link #MAX_DECISIONS} decisions, oldest first
 */
public record ModelTuning(TunedSetting setting, double target, ControllerState controller, long windowSettingsVersion,
    long querySamplesTaken, List<TuningRecord> decisions) implements Writeable, ToXContentObject {
    /** Decisions kept per model. */
    public static final int MAX_DECISIONS = 50;

    public ModelTuning {
        decisions = List.copyOf(decisions);
    }

    /** A controller for this configuration that has not decided yet. */
    public static ModelTuning start(TuningConfig config) {
        return new ModelTuning(config.setting(), config.target(), ControllerState.initial(config), -1, 0, List.of());
    }

    /**
     * This state, or a fresh one when the target or the setting changed since (what fell short of one target says
     * nothing of another, and a θ that fell short is no calibration target); the decisions stay, for the record.
     */
    public ModelTuning forConfig(TuningConfig config) {
        return target == config.target() && setting == config.setting() ? this : new ModelTuning(config.setting(), config.target(),
            ControllerState.initial(config), windowSettingsVersion, querySamplesTaken, decisions);
    }

    /**
     * Whether a window at this settings version, with this many samples taken, is fresh evidence: the last decision read
     * another version, or {@code minSamples} more samples were taken since (a count that went down is a node restart).
     */
    public boolean fresh(long settingsVersion, long samplesTaken, int minSamples) {
        return settingsVersion != windowSettingsVersion || samplesTaken < querySamplesTaken || samplesTaken - querySamplesTaken
            >= minSamples;
    }

    /** The state after one more decision; the oldest is dropped beyond {@link #MAX_DECISIONS}. */
    public ModelTuning after(TuningRecord decision, ControllerState next, long settingsVersion, long samplesTaken) {
        List<TuningRecord> kept = new ArrayList<>(decisions.subList(Math.max(0, decisions.size() + 1 - MAX_DECISIONS), decisions.size()));
        kept.add(decision);
        return new ModelTuning(setting, target, next, settingsVersion, samplesTaken, kept);
    }

    public static ModelTuning readFrom(StreamInput in) throws IOException {
        TunedSetting setting = in.readEnum(TunedSetting.class);
        double target = in.readDouble();
        ControllerState controller = new ControllerState(in.readVLong(), in.readDouble(), in.readEnum(TuningDecision.Action.class),
            in.readMap(StreamInput::readLong, StreamInput::readVLong));
        return new ModelTuning(setting, target, controller, in.readLong(), in.readVLong(), in.readList(TuningRecord::readFrom));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeEnum(setting);
        out.writeDouble(target);
        out.writeVLong(controller.decisions());
        out.writeDouble(controller.step());
        out.writeEnum(controller.lastMove());
        out.writeMap(controller.failedAt(), StreamOutput::writeLong, StreamOutput::writeVLong);
        out.writeLong(windowSettingsVersion);
        out.writeVLong(querySamplesTaken);
        out.writeList(decisions);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return fields(builder.startObject(), params).endObject();
    }

    /**
     * {@code controller: {setting, target_nn10, decisions, step, last_move, failed[{value, decision}]}, window_settings_version,
     * query_samples_taken, decisions[]}, into an object the caller opened.
     */
    public XContentBuilder fields(XContentBuilder builder, Params params) throws IOException {
        builder.startObject("controller").field("setting", setting.key()).field("target_nn10", target).field("decisions", controller
            .decisions()).field("step", controller.step()).field("last_move", controller.lastMove().name().toLowerCase(Locale.ROOT))
            .startArray("failed");
        for (Map.Entry<Long, Long> f : controller.failedAt().entrySet()) {
            builder.startObject().field(setting.key(), ThetaGrain.theta(f.getKey())).field("decision", f.getValue()).endObject();
        }
        builder.endArray().endObject();
        builder.field("window_settings_version", windowSettingsVersion).field("query_samples_taken", querySamplesTaken);
        builder.startArray("decisions");
        for (TuningRecord decision : decisions) {
            decision.toXContent(builder, params);
        }
        return builder.endArray();
    }

    /** Reads what {@link #toXContent} wrote, as a map. */
    @SuppressWarnings("unchecked")
    static ModelTuning fromMap(Map<String, Object> m) {
        Map<String, Object> c = (Map<String, Object>) m.get("controller");
        TunedSetting setting = TunedSetting.ofKey((String) c.getOrDefault("setting", TunedSetting.THETA.key()));
        Map<Long, Long> failed = new TreeMap<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) c.get("failed")) {
            failed.put(ThetaGrain.key(TuningRecord.number(f, setting.key()).doubleValue()), TuningRecord.number(f, "decision").longValue());
        }
        ControllerState controller = new ControllerState(TuningRecord.number(c, "decisions").longValue(), TuningRecord.number(c, "step")
            .doubleValue(), TuningDecision.Action.valueOf(((String) c.get("last_move")).toUpperCase(Locale.ROOT)), failed);
        List<TuningRecord> decisions = ((List<Map<String, Object>>) m.get("decisions")).stream().map(TuningRecord::fromMap).toList();
        return new ModelTuning(setting, TuningRecord.number(c, "target_nn10").doubleValue(), controller, TuningRecord.number(m,
            "window_settings_version").longValue(), TuningRecord.number(m, "query_samples_taken").longValue(), decisions);
    }
}
