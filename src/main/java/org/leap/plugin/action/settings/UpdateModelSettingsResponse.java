package org.leap.plugin.action.settings;

import java.io.IOException;

import org.leap.plugin.model.ModelSettings;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** {@code {"acknowledged": true, "model_id": .., "settings": {"theta", "k", "l_min", "version"}}}. */
public final class UpdateModelSettingsResponse extends ActionResponse implements ToXContentObject {
    private final String modelId;
    private final ModelSettings settings;

    public UpdateModelSettingsResponse(String modelId, ModelSettings settings) {
        this.modelId = modelId;
        this.settings = settings;
    }

    public UpdateModelSettingsResponse(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
        this.settings = ModelSettings.readFrom(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(modelId);
        settings.writeTo(out);
    }

    public ModelSettings settings() {
        return settings;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("acknowledged", true).field("model_id", modelId).field("settings");
        settings.toXContent(builder, params);
        return builder.endObject();
    }
}
