package org.leap.plugin.drift;

import java.io.IOException;
import java.time.Instant;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * One theta change made by the drift monitor, with the figures that caused it, so that a user can see why theta moved.
 *
 * @param timeMillis when the new settings were acknowledged (epoch millis)
 * @param oldTheta theta before
 * @param newTheta theta after
 * @param nn10FailShare the window's NN@10 fail share that fired the alarm
 * @param querySamples the query samples that share was measured over
 * @param settingsVersion the settings version the change wrote
 */
public record ThetaChange(long timeMillis, double oldTheta, double newTheta, double nn10FailShare, int querySamples,
    long settingsVersion) implements Writeable, ToXContentObject {

    public static ThetaChange readFrom(StreamInput in) throws IOException {
        return new ThetaChange(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readVInt(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeLong(timeMillis);
        out.writeDouble(oldTheta);
        out.writeDouble(newTheta);
        out.writeDouble(nn10FailShare);
        out.writeVInt(querySamples);
        out.writeVLong(settingsVersion);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject().field("time", Instant.ofEpochMilli(timeMillis).toString()).field("time_in_millis", timeMillis)
            .field("old_theta", oldTheta).field("new_theta", newTheta).field("nn10_fail_share", DriftReport.round(nn10FailShare))
            .field("query_samples", querySamples).field("settings_version", settingsVersion).endObject();
    }
}
