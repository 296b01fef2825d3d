package org.leap.plugin.action.tasks;

import java.io.IOException;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** One task (taskId set) or all of them (null). */
public final class GetTrainingTasksRequest extends ActionRequest {
    private final String taskId;

    public GetTrainingTasksRequest(String taskId) {
        this.taskId = taskId;
    }

    public GetTrainingTasksRequest(StreamInput in) throws IOException {
        super(in);
        this.taskId = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(taskId);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    public String taskId() {
        return taskId;
    }
}
