package org.leap.plugin.drift;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.leap.plugin.shadow.ShadowSummary;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.test.OpenSearchTestCase;

/** The report crosses the wire unchanged and renders the figures the REST API documents. */
public class DriftReportTests extends OpenSearchTestCase {
    private static DriftReport sample() {
        DriftWindow w = new DriftWindow(100, 12);
        w.addQuery(4, 0.3, 0.85, 6);
        w.addQuery(4, 0.9, 0.97, 7);
        w.addDocument(4, 0.96, 6);
        w.addSystem(4, 0.7);
        w.addDegradedQuery(4, 0.8, 0.9);
        w.addDegradedQuery(4, 0.6, 0.95);
        w.addDegradedSystem(4, 0.5);
        return new DriftReport("m", 1.0, true, 100, w.stats(), true, 2, 1, 0, 3, 0, 1, List.of(new ThetaChange(1_700_000_000_000L, 0.5,
            0.51, 0.5, 2, 4)), new ShadowSummary(40, 1_700_000_000_000L, 1_700_000_060_000L, 1), 1, w.degraded());
    }

    public void testWireRoundTrip() throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        sample().writeTo(out);
        DriftReport back = DriftReport.readFrom(out.bytes().streamInput());
        assertEquals(render(sample()), render(back));
    }

    @SuppressWarnings("unchecked")
    public void testRendersWindowAlarmCountersAndChanges() throws IOException {
        Map<String, Object> r = render(sample());
        assertEquals(true, r.get("alarm"));
        assertEquals(4, r.get("window_settings_version"));
        Map<String, Object> query = (Map<String, Object>) r.get("query");
        assertEquals(2, query.get("samples"));
        assertEquals(0.6, query.get("nn10_mean"));
        assertEquals(0.5, query.get("nn10_fail_share"));
        assertEquals(0.91, query.get("cosine_mean"));
        assertEquals(Map.of("6", 1, "7", 1), query.get("exit_layer_histogram"));
        Map<String, Object> document = (Map<String, Object>) r.get("document");
        assertEquals(0.96, document.get("cosine_mean"));
        assertEquals(Map.of("query_samples", 2, "document_samples", 1, "in_flight", 0, "dropped", 3, "errors", 0, "stale", 1), r.get(
            "totals"));
        Map<String, Object> change = ((List<Map<String, Object>>) r.get("theta_changes")).get(0);
        assertEquals(0.5, change.get("old_theta"));
        assertEquals(0.51, change.get("new_theta"));
        assertEquals("2023-11-14T22:13:20Z", change.get("time"));
        Map<String, Object> shadow = (Map<String, Object>) r.get("shadow");
        assertEquals(40, shadow.get("documents"));
        assertEquals("2023-11-14T22:13:20Z", shadow.get("oldest_added"));
        assertEquals(1_700_000_000_000L, shadow.get("oldest_added_in_millis"));
        assertEquals("2023-11-14T22:14:20Z", shadow.get("newest_added"));
        assertEquals(1, shadow.get("samples"));
        assertEquals(0.7, shadow.get("system_nn10_mean"));
        assertEquals(1, shadow.get("not_measured"));
        assertEquals(1, shadow.get("errors"));
        assertEquals("the degraded queries are in neither", 2, query.get("samples"));
        assertEquals(Map.of("samples", 2, "nn10_mean", 0.7, "system_samples", 1, "system_nn10_mean", 0.5, "theta_min", 0.9, "theta_max",
            0.95), r.get("degraded"));
    }

    @SuppressWarnings("unchecked")
    public void testAnEmptyWindowHasNoMeans() throws IOException {
        DriftWindow none = new DriftWindow(100, 12);
        DriftReport empty = new DriftReport("m", 0.01, false, 100, none.stats(), false, 0, 0, 0, 0, 0, 0, List.of(), ShadowSummary.empty(
            0), 0, none.degraded());
        Map<String, Object> query = (Map<String, Object>) render(empty).get("query");
        assertTrue(query.containsKey("nn10_mean"));
        assertNull(query.get("nn10_mean"));
        assertEquals(0, query.get("samples"));
        Map<String, Object> shadow = (Map<String, Object>) render(empty).get("shadow");
        assertEquals(0, shadow.get("documents"));
        assertTrue(shadow.containsKey("oldest_added"));
        assertNull(shadow.get("oldest_added"));
        assertNull(shadow.get("system_nn10_mean"));
        Map<String, Object> degraded = (Map<String, Object>) render(empty).get("degraded");
        assertEquals(0, degraded.get("samples"));
        assertTrue(degraded.containsKey("nn10_mean"));
        assertNull(degraded.get("nn10_mean"));
        assertNull(degraded.get("system_nn10_mean"));
        assertNull(degraded.get("theta_min"));
        assertNull(degraded.get("theta_max"));
    }

    private static Map<String, Object> render(DriftReport report) throws IOException {
        BytesReference bytes = BytesReference.bytes(report.toXContent(JsonXContent.contentBuilder(), ToXContent.EMPTY_PARAMS));
        return XContentHelper.convertToMap(bytes, false, MediaTypeRegistry.JSON).v2();
    }

    @SuppressWarnings("unchecked")
    public void testNodesReportsMergeIntoOneWindowOfTheNewestSettings() throws IOException {
        DriftWindow other = new DriftWindow(100, 12);
        other.addQuery(4, 0.6, 0.91, 6);
        other.addDocument(4, 0.90, 8);
        other.addSystem(4, 0.4);
        other.addSystem(4, 0.4);
        other.addDegradedQuery(4, 0.4, 0.85);
        other.addDegradedSystem(4, 0.8);
        other.addDegradedSystem(4, 0.8);
        DriftWindow stale = new DriftWindow(100, 12);
        stale.addQuery(3, 0.0, 0.5, 6);
        stale.addDegradedQuery(3, 0.0, 0.5);
        DriftReport b = new DriftReport("m", 1.0, true, 100, other.stats(), false, 1, 1, 1, 0, 2, 0, List.of(), new ShadowSummary(10,
            1_600_000_000_000L, 1_650_000_000_000L, 0), 2, other.degraded());
        DriftReport c = new DriftReport("m", 1.0, true, 100, stale.stats(), false, 1, 0, 0, 0, 0, 0, List.of(new ThetaChange(
            1_600_000_000_000L, 0.4, 0.5, 0.6, 50, 3)), ShadowSummary.empty(3), 0, stale.degraded());
        Map<String, Object> r = render(DriftReport.merge(List.of(sample(), b, c), 12));
        assertEquals(4, r.get("window_settings_version"));
        assertEquals(300, r.get("window_size"));
        assertEquals("any node's alarm", true, r.get("alarm"));
        Map<String, Object> query = (Map<String, Object>) r.get("query");
        assertEquals("the window of settings version 3 measured another theta", 3, query.get("samples"));
        assertEquals(0.6, (Double) query.get("nn10_mean"), 1e-4);
        assertEquals(Map.of("6", 2, "7", 1), query.get("exit_layer_histogram"));
        Map<String, Object> document = (Map<String, Object>) r.get("document");
        assertEquals(2, document.get("samples"));
        assertEquals(0.93, (Double) document.get("cosine_mean"), 1e-4);
        assertEquals(4, ((Map<String, Object>) r.get("totals")).get("query_samples"));
        List<Map<String, Object>> changes = (List<Map<String, Object>>) r.get("theta_changes");
        assertEquals("by time", 0.4, changes.get(0).get("old_theta"));
        assertEquals(0.5, changes.get(1).get("old_theta"));
        Map<String, Object> shadow = (Map<String, Object>) r.get("shadow");
        assertEquals("documents add", 50, shadow.get("documents"));
        assertEquals("the oldest of all nodes", 1_600_000_000_000L, shadow.get("oldest_added_in_millis"));
        assertEquals("the newest of all nodes", 1_700_000_060_000L, shadow.get("newest_added_in_millis"));
        assertEquals(3, shadow.get("samples"));
        assertEquals("weighted by samples", 0.5, (Double) shadow.get("system_nn10_mean"), 1e-4);
        assertEquals(3, shadow.get("not_measured"));
        assertEquals(4, shadow.get("errors"));
        Map<String, Object> degraded = (Map<String, Object>) r.get("degraded");
        assertEquals("the tally of settings version 3 was measured under older settings", 3, degraded.get("samples"));
        assertEquals("weighted by samples", (0.8 + 0.6 + 0.4) / 3, (Double) degraded.get("nn10_mean"), 1e-4);
        assertEquals(3, degraded.get("system_samples"));
        assertEquals((0.5 + 0.8 + 0.8) / 3, (Double) degraded.get("system_nn10_mean"), 1e-4);
        assertEquals(0.85, degraded.get("theta_min"));
        assertEquals(0.95, degraded.get("theta_max"));
    }
}
