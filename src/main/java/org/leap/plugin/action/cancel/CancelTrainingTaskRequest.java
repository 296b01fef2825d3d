package org.leap.plugin.action.cancel;

import java.io.IOException;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/**
 * The task to cancel, and how long to wait for its job to end ({@code wait_for_completion} with {@code timeout}, as in
 * OpenSearch's own task cancel API); zero answers at once.
 */
public final class CancelTrainingTaskRequest extends ActionRequest {
    private final String taskId;
    private final TimeValue waitFor;

    public CancelTrainingTaskRequest(String taskId, TimeValue waitFor) {
        this.taskId = taskId;
        this.waitFor = waitFor;
    }

    public CancelTrainingTaskRequest(StreamInput in) throws IOException {
        super(in);
        this.taskId = in.readString();
        this.waitFor = in.readTimeValue();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(taskId);
        out.writeTimeValue(waitFor);
    }

    public TimeValue waitFor() {
        return waitFor;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    public String taskId() {
        return taskId;
    }
}
