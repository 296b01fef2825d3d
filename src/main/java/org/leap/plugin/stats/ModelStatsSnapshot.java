package org.leap.plugin.stats;

import java.io.IOException;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * One model on one node: its state, engine, device and why it runs on that device, and its ingest and query stats.
 *
 * @param deviceReason what was asked and what the engine found ({@code plugins.leap.device: auto} decides per node), or
 *     null before the model is loaded
 */
public record ModelStatsSnapshot(String modelId, String state, String engine, String device, String deviceReason, int layers,
    PathStatsSnapshot ingest, PathStatsSnapshot query) implements Writeable, ToXContentObject {

    public static ModelStatsSnapshot readFrom(StreamInput in) throws IOException {
        return new ModelStatsSnapshot(in.readString(), in.readString(), in.readOptionalString(), in.readOptionalString(),
            in.readOptionalString(), in.readVInt(), PathStatsSnapshot.readFrom(in), PathStatsSnapshot.readFrom(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(modelId);
        out.writeString(state);
        out.writeOptionalString(engine);
        out.writeOptionalString(device);
        out.writeOptionalString(deviceReason);
        out.writeVInt(layers);
        ingest.writeTo(out);
        query.writeTo(out);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("state", state).field("engine", engine).field("device", device);
        if (deviceReason != null) {
            builder.field("device_reason", deviceReason);
        }
        builder.field("layers", layers);
        builder.field(EncodePath.INGEST.key());
        ingest.toXContent(builder, params);
        builder.field(EncodePath.QUERY.key());
        query.toXContent(builder, params);
        return builder.endObject();
    }
}
