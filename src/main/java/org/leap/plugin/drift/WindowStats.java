package org.leap.plugin.drift;

import java.io.IOException;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * The figures of one drift window at one moment: what the alarm reads and the report shows.
 *
 * @param settingsVersion the model settings version every sample of the window was taken under (-1 before the first)
 * @param querySamples query samples in the window
 * @param nn10Mean mean NN@10 overlap of the query samples (0 when there are none)
 * @param nn10FailShare share of the query samples with NN@10 below {@link DriftWindow#NN10_FAIL_BELOW}
 * @param queryCosineMean mean cosine between a query's exited and full-depth vectors
 * @param queryExitLayers {@code queryExitLayers[l - 1]} query samples that exited at layer l
 * @param documentSamples document samples in the window
 * @param documentCosineMean mean cosine between a document's exited and full-depth vectors
 * @param documentExitLayers {@code documentExitLayers[l - 1]} document samples that exited at layer l
 */
public record WindowStats(long settingsVersion, int querySamples, double nn10Mean, double nn10FailShare, double queryCosineMean,
    long[] queryExitLayers, int documentSamples, double documentCosineMean, long[] documentExitLayers) implements Writeable {

    public static WindowStats readFrom(StreamInput in) throws IOException {
        return new WindowStats(in.readLong(), in.readVInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readVLongArray(),
            in.readVInt(), in.readDouble(), in.readVLongArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeLong(settingsVersion);
        out.writeVInt(querySamples);
        out.writeDouble(nn10Mean);
        out.writeDouble(nn10FailShare);
        out.writeDouble(queryCosineMean);
        out.writeVLongArray(queryExitLayers);
        out.writeVInt(documentSamples);
        out.writeDouble(documentCosineMean);
        out.writeVLongArray(documentExitLayers);
    }
}
