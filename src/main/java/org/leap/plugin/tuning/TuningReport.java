package org.leap.plugin.tuning;

import java.io.IOException;

import org.leap.plugin.model.ThetaTuning;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The {@code tuning} object of {@code _drift}: the model's tuning settings and what its controller has kept, so that
 * the drift a user reads and the θ moves it caused are in one place.
 *
 * @param settings {@code auto_tune} and {@code target_nn10} as the model's settings hold them
 * @param state the controller's state and decisions, or null when it never decided
 */
public record TuningReport(ThetaTuning settings, ModelTuning state) implements Writeable, ToXContentObject {

    public static TuningReport readFrom(StreamInput in) throws IOException {
        return new TuningReport(ThetaTuning.readFrom(in), in.readOptionalWriteable(ModelTuning::readFrom));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        settings.writeTo(out);
        out.writeOptionalWriteable(state);
    }

    /** {@code {"auto_tune", "target_nn10", "controller", "window_settings_version", "query_samples_taken", "decisions"}}. */
    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("auto_tune", settings.autoTune()).field("target_nn10", settings.targetNn10());
        if (state == null) {
            builder.startArray("decisions").endArray();
        } else {
            state.fields(builder, params);
        }
        return builder.endObject();
    }
}
