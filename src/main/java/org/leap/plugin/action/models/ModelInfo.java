package org.leap.plugin.action.models;

import java.io.IOException;
import java.util.Map;

import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelSettings;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * What a user sees of one model: its shape, where it runs, whether it loaded (and why not), and its exit settings.
 *
 * @param failure why loading failed, or null
 * @param engine the engine (onnxruntime or pytorch), or null while not loaded
 * @param device the device, or null while not loaded
 * @param deviceReason why that device (the setting, and what {@code auto} found), or null while not loaded
 * @param training the training job's metrics for a model trained in the cluster, else empty
 */
public record ModelInfo(String id, String description, String state, String failure, int layers, int dimension, int heads,
    int maxLength, String engine, String device, String deviceReason, long loadMillis, boolean isDefault, ModelSettings settings, Map<String, Object> training)
    implements Writeable, ToXContentObject {

    public static ModelInfo of(LoadedModel model, boolean isDefault, ModelSettings settings) {
        var d = model.descriptor();
        return new ModelInfo(model.id(), d.description(), model.state().key(), model.failure(), d.layers(), d.hidden(), d.heads(),
            d.maxLength(), model.engine(), model.device(), model.deviceReason(), model.loadMillis(), isDefault, settings, model.training());
    }

    public static ModelInfo readFrom(StreamInput in) throws IOException {
        return new ModelInfo(in.readString(), in.readOptionalString(), in.readString(), in.readOptionalString(), in.readVInt(),
            in.readVInt(), in.readVInt(), in.readVInt(), in.readOptionalString(), in.readOptionalString(), in.readOptionalString(),
            in.readVLong(),
            in.readBoolean(), ModelSettings.readFrom(in), in.readMap());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(id);
        out.writeOptionalString(description);
        out.writeString(state);
        out.writeOptionalString(failure);
        out.writeVInt(layers);
        out.writeVInt(dimension);
        out.writeVInt(heads);
        out.writeVInt(maxLength);
        out.writeOptionalString(engine);
        out.writeOptionalString(device);
        out.writeOptionalString(deviceReason);
        out.writeVLong(loadMillis);
        out.writeBoolean(isDefault);
        settings.writeTo(out);
        out.writeMap(training);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("model_id", id);
        if (description != null) {
            builder.field("description", description);
        }
        builder.field("default", isDefault);
        builder.field("state", state);
        if (failure != null) {
            builder.field("failure", failure);
        }
        builder.field("layers", layers).field("dimension", dimension).field("heads", heads).field("max_length", maxLength);
        builder.field("engine", engine);
        builder.field("device", device);
        if (deviceReason != null) {
            builder.field("device_reason", deviceReason);
        }
        builder.field("load_time_ms", loadMillis);
        builder.field("settings");
        settings.toXContent(builder, params);
        if (training.isEmpty() == false) {
            builder.field("training", training);
        }
        return builder.endObject();
    }
}
