package org.leap.plugin.action.cancel;

import java.io.IOException;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** The task to cancel. */
public final class CancelTrainingTaskRequest extends ActionRequest {
    private final String taskId;

    public CancelTrainingTaskRequest(String taskId) {
        this.taskId = taskId;
    }

    public CancelTrainingTaskRequest(StreamInput in) throws IOException {
        super(in);
        this.taskId = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(taskId);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    public String taskId() {
        return taskId;
    }
}
