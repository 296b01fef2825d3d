package org.leap.plugin.stats;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.leap.encoder.Embedding;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.test.OpenSearchTestCase;

/** Counters, histogram, layer reduction and percentiles of the stats, and the stat-name filter. */
public class PathStatsTests extends OpenSearchTestCase {
    private static Embedding exitAt(int layer) {
        return new Embedding(new float[] { 1 }, layer, false, null);
    }

    private static PathStatsSnapshot overTheWire(PathStatsSnapshot snapshot) throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        snapshot.writeTo(out);
        return PathStatsSnapshot.readFrom(out.bytes().streamInput());
    }

    public void testHistogramMeanAndLayerReduction() {
        PathStats stats = new PathStats(12);
        stats.recordSuccess(List.of(exitAt(6), exitAt(6), exitAt(12)), new boolean[] { false, true, false }, 3_000_000, 1_000_000);
        stats.recordError();
        PathStatsSnapshot s = stats.snapshot();
        assertEquals(2, s.requests());
        assertEquals(3, s.texts());
        assertEquals(1, s.truncated());
        assertEquals(1, s.errors());
        assertEquals(2, s.exitHistogram()[5]);
        assertEquals(1, s.exitHistogram()[11]);
        assertEquals(8.0, s.meanLayers(), 1e-9);
        assertEquals(1.5, s.layerReduction(), 1e-9);
        assertEquals(1.0, s.latencyP50Millis(), 0);
        assertEquals(3.0, s.queueWaitP50Millis(), 0);
    }

    public void testNearestRankPercentiles() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(50.0, LatencyWindow.percentileMillis(sorted, 0.50), 0);
        assertEquals(99.0, LatencyWindow.percentileMillis(sorted, 0.99), 0);
        assertEquals(0.0, LatencyWindow.percentileMillis(new long[0], 0.5), 0);
    }

    public void testLatencyWindowKeepsTheLastEncodes() {
        PathStats stats = new PathStats(4);
        for (int i = 0; i < LatencyWindow.SIZE; i++) {
            stats.recordSuccess(List.of(exitAt(4)), new boolean[1], 0, 1_000_000_000L);
        }
        for (int i = 0; i < LatencyWindow.SIZE; i++) {
            stats.recordSuccess(List.of(exitAt(4)), new boolean[1], 0, 2_000_000L);
        }
        assertEquals(2.0, stats.snapshot().latencyP99Millis(), 0);
    }

    public void testCountsDegradedEncodesWithTheLastThetaAndAddsOnlyTheCountsOverNodes() throws Exception {
        PathStats stats = new PathStats(12);
        assertEquals(0, stats.snapshot().degraded());
        assertTrue(Double.isNaN(stats.snapshot().lastDegradedTheta()));
        stats.recordDegraded(0.9);
        stats.recordDegraded(0.88);
        PathStatsSnapshot snapshot = stats.snapshot();
        assertEquals(2, snapshot.degraded());
        assertEquals(0.88, snapshot.lastDegradedTheta(), 0);
        PathStatsSnapshot read = overTheWire(snapshot);
        assertEquals(2, read.degraded());
        assertEquals(0.88, read.lastDegradedTheta(), 0);
        PathStatsSnapshot sum = PathStatsSnapshot.sum(List.of(snapshot, read));
        assertEquals(4, sum.degraded());
        assertTrue(Double.isNaN(sum.lastDegradedTheta()));
    }

    public void testCountsShedEncodesAsRequestsWithTheirWaitAndAddsThemOverNodes() throws Exception {
        PathStats stats = new PathStats(12);
        stats.recordShed(40_000_000);
        PathStatsSnapshot snapshot = stats.snapshot();
        assertEquals(1, snapshot.shed());
        assertEquals(1, snapshot.requests());
        assertEquals("refused on purpose, not failed", 0, snapshot.errors());
        assertEquals(0, snapshot.texts());
        assertEquals(40.0, snapshot.queueWaitP99Millis(), 0);
        PathStatsSnapshot read = overTheWire(snapshot);
        assertEquals(1, read.shed());
        assertEquals(2, PathStatsSnapshot.sum(List.of(snapshot, read)).shed());
    }

    public void testParsesStatNames() {
        assertEquals(Set.of(LeapStatName.MODELS, LeapStatName.QUERY_TEXTS), LeapStatName.parse("models,query_texts"));
        assertEquals(Set.of(LeapStatName.values()), LeapStatName.parse(null));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LeapStatName.parse("models,nope"));
        assertTrue(e.getMessage(), e.getMessage().contains("unrecognized stats [nope]"));
    }
}
