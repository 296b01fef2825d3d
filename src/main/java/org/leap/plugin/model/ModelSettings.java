package org.leap.plugin.model;

import java.io.IOException;

import org.leap.encoder.ExitPolicy;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The exit settings of one model as the cluster holds them: theta, k (patience) and l_min, plus the version they were
 * written with (0 while the model still runs on its defaults).
 *
 * @param theta exit threshold in (0, 1]
 * @param k patience, at least 1
 * @param lMin first layer allowed to exit, at least 1
 * @param version 1 for the first update of this model, then one more per update
 */
public record ModelSettings(double theta, int k, int lMin, long version) implements Writeable, ToXContentObject {
    public ModelSettings {
        new ExitPolicy(theta, k, lMin); // validates theta, k and l_min
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    /** The defaults of a model of this depth: theta 0.95, k 1, l_min L/2, version 0. */
    public static ModelSettings defaultsFor(int layers) {
        ExitPolicy p = ExitPolicy.defaultFor(layers);
        return new ModelSettings(p.theta(), p.patience(), p.minLayer(), 0);
    }

    public static ModelSettings readFrom(StreamInput in) throws IOException {
        return new ModelSettings(in.readDouble(), in.readVInt(), in.readVInt(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeDouble(theta);
        out.writeVInt(k);
        out.writeVInt(lMin);
        out.writeVLong(version);
    }

    /** The exit rule these settings give, with theta replaced when a request brings its own. */
    public ExitPolicy policy(Double thetaOverride) {
        return new ExitPolicy(thetaOverride == null ? theta : thetaOverride, k, lMin);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject().field("theta", theta).field("k", k).field("l_min", lMin).field("version", version).endObject();
    }
}
