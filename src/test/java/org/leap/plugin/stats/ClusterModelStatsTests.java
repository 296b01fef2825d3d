package org.leap.plugin.stats;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opensearch.test.OpenSearchTestCase;

/** Two encoder nodes' stats of a model read as one, and a node that forwards its encodes counts for nothing. */
public class ClusterModelStatsTests extends OpenSearchTestCase {
    private static PathStatsSnapshot path(long texts, long[] histogram) {
        return new PathStatsSnapshot(1, texts, 0, 0, histogram, 3, 5.0, 9.0, 1.0, 2.0, 0, Double.NaN, 0);
    }

    public void testCountsAndHistogramsAddAndTheMeanFollows() {
        Map<String, List<ModelStatsSnapshot>> perNode = new TreeMap<>();
        perNode.put("a", List.of(new ModelStatsSnapshot("m", "ready", "onnxruntime", "cpu", null, 3, path(2, new long[] { 0, 2, 0 }),
            path(1, new long[] { 0, 0, 1 }))));
        perNode.put("b", List.of(new ModelStatsSnapshot("m", "ready", "onnxruntime", "cpu", null, 3, path(2, new long[] { 0, 0, 2 }),
            path(0, new long[3]))));
        perNode.put("c", List.of(new ModelStatsSnapshot("m", "not_loaded", null, null, null, 3, path(0, new long[3]),
            path(0, new long[3]))));
        List<ClusterModelStats> all = ClusterModelStats.of(perNode);
        assertEquals(1, all.size());
        ClusterModelStats m = all.get(0);
        assertEquals(List.of("a", "b"), m.loadedOn());
        assertEquals(4, m.ingest().texts());
        assertArrayEquals(new long[] { 0, 2, 2 }, m.ingest().exitHistogram());
        assertEquals(2.5, m.ingest().meanLayers(), 1e-9);
        assertEquals(3, m.ingest().requests());
        assertTrue("percentiles do not add up across nodes", Double.isNaN(m.ingest().latencyP50Millis()));
        assertEquals(1, m.query().texts());
    }
}
