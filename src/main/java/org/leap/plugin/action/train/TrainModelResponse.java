package org.leap.plugin.action.train;

import java.io.IOException;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** {@code {"task_id", "model_id", "status": "CREATED"}}: what to follow the job with. */
public final class TrainModelResponse extends ActionResponse implements ToXContentObject {
    private final String taskId;
    private final String modelId;
    private final String status;

    public TrainModelResponse(String taskId, String modelId, String status) {
        this.taskId = taskId;
        this.modelId = modelId;
        this.status = status;
    }

    public TrainModelResponse(StreamInput in) throws IOException {
        super(in);
        this.taskId = in.readString();
        this.modelId = in.readString();
        this.status = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(taskId);
        out.writeString(modelId);
        out.writeString(status);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject().field("task_id", taskId).field("model_id", modelId).field("status", status).endObject();
    }
}
