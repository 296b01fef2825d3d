package org.leap.plugin.action.tasks;

import java.io.IOException;
import java.util.List;

import org.leap.plugin.training.TrainingTask;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** One task as its own object, or {@code {"tasks": [...]}} newest first. */
public final class GetTrainingTasksResponse extends ActionResponse implements ToXContentObject {
    private final boolean single;
    private final List<TrainingTask> tasks;

    public GetTrainingTasksResponse(boolean single, List<TrainingTask> tasks) {
        this.single = single;
        this.tasks = List.copyOf(tasks);
    }

    public GetTrainingTasksResponse(StreamInput in) throws IOException {
        super(in);
        this.single = in.readBoolean();
        this.tasks = in.readList(TrainingTask::readFrom);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeBoolean(single);
        out.writeList(tasks);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        if (single) {
            return tasks.get(0).toXContent(builder, params);
        }
        builder.startObject().startArray("tasks");
        for (TrainingTask task : tasks) {
            task.toXContent(builder, params);
        }
        return builder.endArray().endObject();
    }
}
