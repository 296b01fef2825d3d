package org.leap.plugin.model;

import java.io.IOException;

import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningConfig;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * Whether the cluster manager moves a model's θ (or calibration target) by itself ({@code auto_tune}) and to what
 * NN@10 ({@code target_nn10}): the per-model half of the θ controller, kept with the model's other settings so that it
 * is versioned with them. The target is checked by the controller's own {@link TuningConfig#checkTarget}.
 *
 * @param autoTune whether the controller runs for the model
 * @param targetNn10 the NN@10 whose 95% lower bound θ must reach, in (0, 1]
 */
public record ThetaTuning(boolean autoTune, double targetNn10) implements Writeable {
    public static final double DEFAULT_TARGET = 0.90;
    public static final ThetaTuning OFF = new ThetaTuning(false, DEFAULT_TARGET);

    public ThetaTuning {
        TuningConfig.checkTarget(targetNn10);
    }

    /** The controller's configuration for this target, moving this setting, with this many samples per decision. */
    public TuningConfig config(TunedSetting setting, int minSamples) {
        return TuningConfig.of(setting, targetNn10, minSamples);
    }

    public static ThetaTuning readFrom(StreamInput in) throws IOException {
        return new ThetaTuning(in.readBoolean(), in.readDouble());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeBoolean(autoTune);
        out.writeDouble(targetNn10);
    }
}
