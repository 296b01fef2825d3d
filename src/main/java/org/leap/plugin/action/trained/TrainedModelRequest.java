package org.leap.plugin.action.trained;

import java.io.IOException;

import org.leap.plugin.action.ModelIdCheck;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.ClusterManagerNodeRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** A trained model to add to the cluster's list, or to delete from it. */
public final class TrainedModelRequest extends ClusterManagerNodeRequest<TrainedModelRequest> {
    private final String modelId;
    private final boolean delete;

    public TrainedModelRequest(String modelId, boolean delete) {
        this.modelId = modelId;
        this.delete = delete;
    }

    public TrainedModelRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
        this.delete = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
        out.writeBoolean(delete);
    }

    @Override
    public ActionRequestValidationException validate() {
        return ModelIdCheck.validate(modelId);
    }

    public String modelId() {
        return modelId;
    }

    public boolean delete() {
        return delete;
    }
}
