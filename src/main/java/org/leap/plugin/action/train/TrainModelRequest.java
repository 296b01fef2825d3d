package org.leap.plugin.action.train;

import java.io.IOException;
import java.util.Map;

import org.leap.plugin.training.TrainingJobSpec;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** A training job's body, already checked when built (a bad body never reaches the transport layer). */
public final class TrainModelRequest extends ActionRequest {
    private final TrainingJobSpec spec;

    public TrainModelRequest(TrainingJobSpec spec) {
        this.spec = spec;
    }

    public TrainModelRequest(StreamInput in) throws IOException {
        super(in);
        this.spec = TrainingJobSpec.parse(in.readMap());
    }

    /** @throws IllegalArgumentException naming the field at fault */
    public static TrainModelRequest fromMap(Map<String, Object> body) {
        return new TrainModelRequest(TrainingJobSpec.parse(body));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeMap(spec.toMap());
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    public TrainingJobSpec spec() {
        return spec;
    }
}
