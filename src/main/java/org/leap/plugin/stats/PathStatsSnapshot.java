package org.leap.plugin.stats;

import java.io.IOException;
import java.util.List;

import org.leap.eval.ExitSummary;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The stats of one model on one path at one moment.
 *
 * @param exitHistogram {@code exitHistogram[l - 1]} texts left at layer l
 * @param layers the model's depth L
 * @param latencyP50Millis encode compute time, without the queue wait
 * @param queueWaitP50Millis time an encode waited for an inference thread
 * @param degraded encodes run at a lower θ than the model's because the inference queue was over budget
 * @param lastDegradedTheta the θ the last of them ran at; NaN before the first (and in a sum over nodes)
 * @param shed query encodes refused with 429, without encoding, for waiting longer than
 *     {@code plugins.leap.degrade.max_queue_wait} for an inference thread; counted in {@code requests}, not in
 *     {@code errors}
 */
public record PathStatsSnapshot(long requests, long texts, long truncated, long errors, long[] exitHistogram, int layers,
    double latencyP50Millis, double latencyP99Millis, double queueWaitP50Millis, double queueWaitP99Millis, long degraded,
    double lastDegradedTheta, long shed)
    implements Writeable, ToXContentObject {

    public static PathStatsSnapshot readFrom(StreamInput in) throws IOException {
        return new PathStatsSnapshot(in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLongArray(),
            in.readVInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readVLong(), in.readDouble(),
            in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLong(requests);
        out.writeVLong(texts);
        out.writeVLong(truncated);
        out.writeVLong(errors);
        out.writeVLongArray(exitHistogram);
        out.writeVInt(layers);
        out.writeDouble(latencyP50Millis);
        out.writeDouble(latencyP99Millis);
        out.writeDouble(queueWaitP50Millis);
        out.writeDouble(queueWaitP99Millis);
        out.writeVLong(degraded);
        out.writeDouble(lastDegradedTheta);
        out.writeVLong(shed);
    }

    /**
     * Several nodes' stats of one model and path as one: counts and histograms add, the mean layers follow. Latency
     * percentiles do not add up across nodes, so the sum has none (NaN, shown as null), and no node's last degraded θ is
     * the cluster's; each node's stay in its own section.
     */
    public static PathStatsSnapshot sum(List<PathStatsSnapshot> parts) {
        int layers = parts.isEmpty() ? 0 : parts.get(0).layers();
        long[] histogram = new long[layers];
        long requests = 0, texts = 0, truncated = 0, errors = 0, degraded = 0, shed = 0;
        for (PathStatsSnapshot p : parts) {
            requests += p.requests();
            texts += p.texts();
            truncated += p.truncated();
            errors += p.errors();
            degraded += p.degraded();
            shed += p.shed();
            for (int l = 0; l < Math.min(layers, p.exitHistogram().length); l++) {
                histogram[l] += p.exitHistogram()[l];
            }
        }
        return new PathStatsSnapshot(requests, texts, truncated, errors, histogram, layers, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, degraded, Double.NaN, shed);
    }

    /** Where the texts exited; the mean and the layer reduction follow from it. */
    public ExitSummary exits() {
        return new ExitSummary(exitHistogram);
    }

    /** E[l] over every text encoded; 0 before the first. */
    public double meanLayers() {
        return exits().meanExitLayer();
    }

    /** L / E[l]: how many times fewer layers than full depth ran; 1 before the first text. */
    public double layerReduction() {
        return exits().layerReduction();
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("requests", requests).field("texts", texts).field("truncated_texts", truncated).field("errors", errors);
        builder.startObject("exit_layer_histogram");
        for (int l = 1; l <= exitHistogram.length; l++) {
            if (exitHistogram[l - 1] > 0) {
                builder.field(Integer.toString(l), exitHistogram[l - 1]);
            }
        }
        builder.endObject();
        builder.field("mean_layers", round(meanLayers())).field("layer_reduction", round(layerReduction()));
        builder.field("encode_latency_p50_ms", round(latencyP50Millis)).field("encode_latency_p99_ms", round(latencyP99Millis));
        builder.field("queue_wait_p50_ms", round(queueWaitP50Millis)).field("queue_wait_p99_ms", round(queueWaitP99Millis));
        builder.field("degraded", degraded).field("last_degraded_theta", round(lastDegradedTheta)).field("shed", shed);
        return builder.endObject();
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
