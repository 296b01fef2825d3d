package org.leap.plugin.action.models;

import java.io.IOException;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** All models (modelId null) or one. */
public final class GetModelsRequest extends ActionRequest {
    private final String modelId;

    public GetModelsRequest(String modelId) {
        this.modelId = modelId;
    }

    public GetModelsRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(modelId);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    public String modelId() {
        return modelId;
    }
}
