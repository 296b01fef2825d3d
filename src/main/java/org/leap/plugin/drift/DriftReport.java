package org.leap.plugin.drift;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.leap.plugin.shadow.ShadowSummary;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * What the drift monitor of one node knows about one model: the window's figures, whether the alarm holds, the
 * lifetime counters (samples taken, dropped because the queue was full, failed, refused as stale), every theta change
 * it made, what its full-depth shadow holds, and apart from all these the figures of the queries it degraded under
 * load. It covers the samples this node took: queries it coordinated and documents its ingest pipelines embedded.
 *
 * @param windowSize samples of each kind the window keeps at most
 * @param querySamplesTaken query samples sent to the shadow encode since the node started, degraded ones not counted
 * @param documentSamplesTaken document samples sent to the shadow encode since the node started
 * @param inFlight samples queued or running now
 * @param dropped samples dropped because the drift queue was full
 * @param errors samples whose shadow encode or search failed
 * @param stale samples that finished after the model's settings changed, left out of the new window
 * @param shadow what the model's shadow index holds
 * @param systemNotMeasured query samples (degraded ones too) not measured on the shadow: it held fewer than 100 documents
 *     or failed
 * @param degraded the window's degraded query samples, of the window's settings version
 */
public record DriftReport(String modelId, double sampleRate, boolean autoRaiseTheta, int windowSize, WindowStats window, boolean alarm,
    long querySamplesTaken, long documentSamplesTaken, long inFlight, long dropped, long errors, long stale,
    List<ThetaChange> thetaChanges, ShadowSummary shadow, long systemNotMeasured, DegradedStats degraded) implements Writeable,
    ToXContentObject {

    public DriftReport {
        thetaChanges = List.copyOf(thetaChanges);
    }

    /**
     * Several nodes' reports on one model as one ({@link WindowStats#combine}): the windows combine, counters add, the
     * alarm is on when any node's is, theta changes are listed by time, shadows merge ({@link ShadowSummary#merge}), the
     * degraded tallies of the windows that count combine ({@link DegradedStats#combine}).
     * Sample rate and auto-raise are cluster settings, the same on every node.
     */
    public static DriftReport merge(List<DriftReport> reports, int layers) {
        DriftReport first = reports.get(0);
        WindowStats window = WindowStats.combine(reports.stream().map(DriftReport::window).toList(), layers);
        DegradedStats degraded = DegradedStats.combine(reports.stream().filter(r -> r.window().settingsVersion() == window
            .settingsVersion()).map(DriftReport::degraded).toList());
        List<ThetaChange> changes = reports.stream().flatMap(r -> r.thetaChanges().stream())
            .sorted(Comparator.comparingLong(ThetaChange::timeMillis)).toList();
        return new DriftReport(first.modelId(), first.sampleRate(), first.autoRaiseTheta(), reports.stream().mapToInt(DriftReport::windowSize)
            .sum(), window, reports.stream().anyMatch(DriftReport::alarm), reports.stream().mapToLong(DriftReport::querySamplesTaken).sum(),
            reports.stream().mapToLong(DriftReport::documentSamplesTaken).sum(), reports.stream().mapToLong(DriftReport::inFlight).sum(),
            reports.stream().mapToLong(DriftReport::dropped).sum(), reports.stream().mapToLong(DriftReport::errors).sum(),
            reports.stream().mapToLong(DriftReport::stale).sum(), changes, ShadowSummary.merge(reports.stream().map(DriftReport::shadow)
                .toList()), reports.stream().mapToLong(DriftReport::systemNotMeasured).sum(), degraded);
    }

    public static DriftReport readFrom(StreamInput in) throws IOException {
        return new DriftReport(in.readString(), in.readDouble(), in.readBoolean(), in.readVInt(), WindowStats.readFrom(in),
            in.readBoolean(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(), in.readVLong(),
            in.readList(ThetaChange::readFrom), ShadowSummary.readFrom(in), in.readVLong(), DegradedStats.readFrom(in));
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
        shadow.writeTo(out);
        out.writeVLong(systemNotMeasured);
        degraded.writeTo(out);
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
        shadow(builder);
        degraded(builder);
        builder.startObject("totals").field("query_samples", querySamplesTaken).field("document_samples", documentSamplesTaken)
            .field("in_flight", inFlight).field("dropped", dropped).field("errors", errors).field("stale", stale).endObject();
        builder.startArray("theta_changes");
        for (ThetaChange change : thetaChanges) {
            change.toXContent(builder, params);
        }
        return builder.endArray().endObject();
    }

    /**
     * {@code shadow}: documents held and when the oldest and newest were added, the window's system NN@10 (early exit on
     * both sides against full depth on both), queries not measured on it, and its errors.
     */
    private void shadow(XContentBuilder builder) throws IOException {
        builder.startObject("shadow").field("documents", shadow.documents());
        time(builder, "oldest_added", shadow.oldestAddedMillis());
        time(builder, "newest_added", shadow.newestAddedMillis());
        int s = window.systemSamples();
        builder.field("samples", s).field("system_nn10_mean", s == 0 ? null : round(window.systemNn10Mean()));
        builder.field("not_measured", systemNotMeasured).field("errors", shadow.errors()).endObject();
    }

    /**
     * {@code degraded}: the window's queries degraded under load, measured as its queries are and on the shadow, with
     * the range of θ they ran at; no figure of theirs is in {@code query} or {@code shadow}.
     */
    private void degraded(XContentBuilder builder) throws IOException {
        int n = degraded.samples();
        int s = degraded.systemSamples();
        builder.startObject("degraded").field("samples", n).field("nn10_mean", n == 0 ? null : round(degraded.nn10Mean()));
        builder.field("system_samples", s).field("system_nn10_mean", s == 0 ? null : round(degraded.systemNn10Mean()));
        builder.field("theta_min", n == 0 ? null : degraded.thetaMin()).field("theta_max", n == 0 ? null : degraded.thetaMax());
        builder.endObject();
    }

    private static void time(XContentBuilder builder, String name, long millis) throws IOException {
        builder.field(name, millis < 0 ? null : Instant.ofEpochMilli(millis).toString()).field(name + "_in_millis", millis < 0 ? null
            : millis);
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
