package org.leap.plugin.action.models;

import java.io.IOException;
import java.util.List;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** {@code {"node": ..., "models": {"<id>": {...}}}}. */
public final class GetModelsResponse extends ActionResponse implements ToXContentObject {
    private final String nodeName;
    private final List<ModelInfo> models;

    public GetModelsResponse(String nodeName, List<ModelInfo> models) {
        this.nodeName = nodeName;
        this.models = List.copyOf(models);
    }

    public GetModelsResponse(StreamInput in) throws IOException {
        super(in);
        this.nodeName = in.readString();
        this.models = in.readList(ModelInfo::readFrom);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(nodeName);
        out.writeList(models);
    }

    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("node", nodeName).startObject("models");
        for (ModelInfo model : models) {
            builder.field(model.id());
            model.toXContent(builder, params);
        }
        return builder.endObject().endObject();
    }
}
