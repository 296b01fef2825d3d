package org.leap.plugin.drift;

import java.io.IOException;
import java.util.List;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * The figures of the queries a node ran at a lower θ under load, measured as the window's queries are but kept apart
 * from them: the θ controller and the drift alarm read {@link WindowStats}, which measures the model's own θ, and this
 * is what tells whether degrading kept the NN@10 its floor promises.
 *
 * @param samples degraded query samples measured
 * @param nn10Mean their mean NN@10 against their full-depth twins on the user's target (0 when there are none)
 * @param systemSamples degraded query samples measured on the shadow as well (it held at least 100 documents)
 * @param systemNn10Mean their mean system NN@10 (0 when there are none)
 * @param thetaMin the lowest θ a sample ran at (0 when there are none)
 * @param thetaMax the highest θ a sample ran at (0 when there are none)
 */
public record DegradedStats(int samples, double nn10Mean, int systemSamples, double systemNn10Mean, double thetaMin, double thetaMax)
    implements Writeable {

    /** Several nodes' tallies as one: counts add, means are weighted by their samples, the θ range spans them all. */
    public static DegradedStats combine(List<DegradedStats> tallies) {
        int n = 0;
        int s = 0;
        double nn10 = 0;
        double system = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (DegradedStats t : tallies) {
            n += t.samples();
            s += t.systemSamples();
            nn10 += t.nn10Mean() * t.samples();
            system += t.systemNn10Mean() * t.systemSamples();
            if (t.samples() > 0) {
                min = Math.min(min, t.thetaMin());
                max = Math.max(max, t.thetaMax());
            }
        }
        return new DegradedStats(n, n == 0 ? 0 : nn10 / n, s, s == 0 ? 0 : system / s, n == 0 ? 0 : min, n == 0 ? 0 : max);
    }

    public static DegradedStats readFrom(StreamInput in) throws IOException {
        return new DegradedStats(in.readVInt(), in.readDouble(), in.readVInt(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(samples);
        out.writeDouble(nn10Mean);
        out.writeVInt(systemSamples);
        out.writeDouble(systemNn10Mean);
        out.writeDouble(thetaMin);
        out.writeDouble(thetaMax);
    }
}
