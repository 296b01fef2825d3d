package org.leap.plugin.action.drift;

import java.io.IOException;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.transport.TransportRequest;

/** The per-node part of a drift request: the model. */
public final class GetDriftNodeRequest extends TransportRequest {
    private final String modelId;

    public GetDriftNodeRequest(String modelId) {
        this.modelId = modelId;
    }

    public GetDriftNodeRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
    }

    public String modelId() {
        return modelId;
    }
}
