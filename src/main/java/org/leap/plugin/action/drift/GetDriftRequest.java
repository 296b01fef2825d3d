package org.leap.plugin.action.drift;

import java.io.IOException;

import org.leap.plugin.action.ModelIdCheck;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** The model whose drift is wanted, and the nodes to ask (none: all). */
public final class GetDriftRequest extends BaseNodesRequest<GetDriftRequest> {
    private final String modelId;

    public GetDriftRequest(String modelId, String... nodeIds) {
        super(nodeIds);
        this.modelId = modelId;
    }

    public GetDriftRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
    }

    @Override
    public ActionRequestValidationException validate() {
        return ModelIdCheck.validate(modelId);
    }

    public String modelId() {
        return modelId;
    }
}
