package org.leap.plugin.drift;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * What the drift monitor of one node knows about one model: the window's figures, whether the alarm holds, the
 * lifetime counters (samples taken, dropped because the queue was full, failed, refused as stale) and every theta change
 * it made. It covers the samples this node took: queries it coordinated and documents its ingest pipelines embedded.
 *
 * @param windowSize samples of each kind the window keeps at most
 * @param querySamplesTaken query samples sent to the shadow encode since the node started
 * @param documentSamplesTaken document samples sent to the shadow encode since the node started
 * @param inFlight samples queued or running now
 * @param dropped samples dropped because the drift queue was full
 * @param errors samples whose shadow encode or search failed
 * @param stale samples that finished after the model's settings changed, left out of the new window
 */
public record DriftReport(String modelId, double sampleRate, boolean autoRaiseTheta, int windowSize, WindowStats window, boolean alarm,
    long querySamplesTaken, long documentSamplesTaken, long inFlight, long dropped, long errors, long stale,
    List<ThetaChange> thetaChanges) implements Writeable, ToXContentObject {

    public DriftReport {
        thetaChanges = List.copyOf(thetaChanges);
    }

    /**
     * Several nodes' reports on one model as one ({@link WindowStats#combine}): the windows combine, counters add, the
     * alarm is on when any node's is, theta changes are listed by time. Sample rate and auto-raise are cluster settings,
     * the same on every node.
     */
    public static DriftReport merge(List<DriftReport> reports, int layers) {
        DriftReport first = reports.get(0);
        WindowStats window = WindowStats.combine(reports.stream().map(DriftReport::window).toList(), layers);
        List<ThetaChange> changes = reports.stream().flatMap(r -> r.thetaChanges().stream())
            .sorted(Comparator.comparingLong(ThetaChange::timeMillis)).toList();
        return new DriftReport(first.modelId(), first.sampleRate(), first.autoRaiseTheta(), reports.stream().mapToInt(DriftReport::windowSize)
            .sum(), window, reports.stream().anyMatch(DriftReport::alarm), reports.stream().mapToLong(DriftReport::querySamplesTaken).sum(),
            reports.stream().mapToLong(DriftReport::documentSamplesTaken).sum(), reports.stream().mapToLong(DriftReport::inFlight).sum(),
            reports.stream().mapToLong(DriftReport::dropped).sum(), reports.stream().mapToLong(DriftReport::errors).sum(),
            reports.stream().mapToLong(DriftReport::stale).sum(), changes);
    }

    public static DriftReport readFrom(StreamInput in) throws IOException {
        return new DriftReport(in.readString(), in.readDouble(), in.readBoolean(), in.readVInt(), WindowStats.readFrom(in),
            in.readBoolean(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(),
            in.readList(ThetaChange::readFrom));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(modelId);
        out.writeDouble(sampleRate);
        out.writeBoolean(autoRaiseTheta);
        out.writeVInt(windowSize);
        window.writeTo(out);
        out.writeBoolean(alarm);
        out.writeVLong(querySamplesTaken);
        out.writeVLong(documentSamplesTaken);
        out.writeVLong(inFlight);
        out.writeVLong(dropped);
        out.writeVLong(errors);
        out.writeVLong(stale);
        out.writeList(thetaChanges);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("model_id", modelId).field("sample_rate", sampleRate).field("auto_raise_theta", autoRaiseTheta);
        builder.field("alarm", alarm).field("window_size", windowSize).field("window_settings_version", window.settingsVersion());
        int q = window.querySamples();
        builder.startObject("query").field("samples", q).field("nn10_mean", q == 0 ? null : round(window.nn10Mean()));
        builder.field("nn10_fail_share", q == 0 ? null : round(window.nn10FailShare()));
        builder.field("cosine_mean", q == 0 ? null : round(window.queryCosineMean()));
        histogram(builder, window.queryExitLayers()).endObject();
        int d = window.documentSamples();
        builder.startObject("document").field("samples", d).field("cosine_mean", d == 0 ? null : round(window.documentCosineMean()));
        histogram(builder, window.documentExitLayers()).endObject();
        builder.startObject("totals").field("query_samples", querySamplesTaken).field("document_samples", documentSamplesTaken)
            .field("in_flight", inFlight).field("dropped", dropped).field("errors", errors).field("stale", stale).endObject();
        builder.startArray("theta_changes");
        for (ThetaChange change : thetaChanges) {
            change.toXContent(builder, params);
        }
        return builder.endArray().endObject();
    }

    private static XContentBuilder histogram(XContentBuilder builder, long[] layers) throws IOException {
        builder.startObject("exit_layer_histogram");
        for (int l = 1; l <= layers.length; l++) {
            if (layers[l - 1] > 0) {
                builder.field(Integer.toString(l), layers[l - 1]);
            }
        }
        return builder.endObject();
    }

    static Double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
