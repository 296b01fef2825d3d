package org.leap.plugin.drift;

import java.io.IOException;
import java.util.List;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * The figures of one drift window at one moment: what the alarm reads and the report shows.
 *
 * @param settingsVersion the model settings version every sample of the window was taken under (-1 before the first)
 * @param querySamples query samples in the window
 * @param nn10Mean mean NN@10 overlap of the query samples (0 when there are none)
 * @param nn10SquareMean mean of the squares of their NN@10 (0 when there are none): their spread, for the controller's bound
 * @param nn10FailShare share of the query samples with NN@10 below {@link DriftWindow#NN10_FAIL_BELOW}
 * @param queryCosineMean mean cosine between a query's exited and full-depth vectors
 * @param queryExitLayers {@code queryExitLayers[l - 1]} query samples that exited at layer l
 * @param documentSamples document samples in the window
 * @param documentCosineMean mean cosine between a document's exited and full-depth vectors
 * @param documentExitLayers {@code documentExitLayers[l - 1]} document samples that exited at layer l
 * @param systemSamples query samples measured on the shadow as well (it held at least 100 documents)
 * @param systemNn10Mean their mean system NN@10: early exit on both sides against full depth on both (0 when none)
 * @param systemNn10SquareMean the mean of the squares of their system NN@10 (0 when none)
 */
public record WindowStats(long settingsVersion, int querySamples, double nn10Mean, double nn10SquareMean, double nn10FailShare,
    double queryCosineMean, long[] queryExitLayers, int documentSamples, double documentCosineMean, long[] documentExitLayers,
    int systemSamples, double systemNn10Mean, double systemNn10SquareMean) implements Writeable {

    /**
     * Several nodes' windows of one model as one: only the windows of the newest settings version count (an older one
     * measured another theta); sample counts and histograms add, means are weighted by their samples.
     */
    public static WindowStats combine(List<WindowStats> windows, int layers) {
        long version = windows.stream().mapToLong(WindowStats::settingsVersion).max().orElse(-1);
        List<WindowStats> current = windows.stream().filter(w -> w.settingsVersion() == version).toList();
        int q = current.stream().mapToInt(WindowStats::querySamples).sum();
        int d = current.stream().mapToInt(WindowStats::documentSamples).sum();
        int s = current.stream().mapToInt(WindowStats::systemSamples).sum();
        long[] queryLayers = new long[layers];
        long[] documentLayers = new long[layers];
        double nn10 = 0, nn10Squares = 0, fail = 0, queryCosine = 0, documentCosine = 0, system = 0, systemSquares = 0;
        for (WindowStats w : current) {
            nn10 += w.nn10Mean() * w.querySamples();
            nn10Squares += w.nn10SquareMean() * w.querySamples();
            fail += w.nn10FailShare() * w.querySamples();
            queryCosine += w.queryCosineMean() * w.querySamples();
            documentCosine += w.documentCosineMean() * w.documentSamples();
            system += w.systemNn10Mean() * w.systemSamples();
            systemSquares += w.systemNn10SquareMean() * w.systemSamples();
            for (int l = 0; l < layers; l++) {
                queryLayers[l] += l < w.queryExitLayers().length ? w.queryExitLayers()[l] : 0;
                documentLayers[l] += l < w.documentExitLayers().length ? w.documentExitLayers()[l] : 0;
            }
        }
        return new WindowStats(version, q, q == 0 ? 0 : nn10 / q, q == 0 ? 0 : nn10Squares / q, q == 0 ? 0 : fail / q, q == 0 ? 0
            : queryCosine / q, queryLayers, d, d == 0 ? 0 : documentCosine / d, documentLayers, s, s == 0 ? 0 : system / s, s == 0 ? 0
                : systemSquares / s);
    }

    /** The mean exit layer of the query samples (0 when there are none), from their histogram. */
    public double queryMeanExitLayer() {
        long n = 0;
        double sum = 0;
        for (int l = 1; l <= queryExitLayers.length; l++) {
            n += queryExitLayers[l - 1];
            sum += (double) l * queryExitLayers[l - 1];
        }
        return n == 0 ? 0 : sum / n;
    }

    public static WindowStats readFrom(StreamInput in) throws IOException {
        return new WindowStats(in.readLong(), in.readVInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in
            .readVLongArray(), in.readVInt(), in.readDouble(), in.readVLongArray(), in.readVInt(), in.readDouble(), in.readDouble());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeLong(settingsVersion);
        out.writeVInt(querySamples);
        out.writeDouble(nn10Mean);
        out.writeDouble(nn10SquareMean);
        out.writeDouble(nn10FailShare);
        out.writeDouble(queryCosineMean);
        out.writeVLongArray(queryExitLayers);
        out.writeVInt(documentSamples);
        out.writeDouble(documentCosineMean);
        out.writeVLongArray(documentExitLayers);
        out.writeVInt(systemSamples);
        out.writeDouble(systemNn10Mean);
        out.writeDouble(systemNn10SquareMean);
    }
}
