package org.leap.plugin.it;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.lucene.util.IOUtils;

/**
 * The drift monitor on the real node, with real SciFact titles and claims and the public bge-small-en-v1.5, the model
 * whose exits the monitor must catch: at theta 1 no row ever exits (the early vector is the full-depth one: NN@10 1,
 * no alarm); at theta 0.5 every row leaves at l_min (layer 6 of 12), far from its final layer, so NN@10 falls and the
 * alarm fires; with auto-raise on, theta goes up. The shadow index takes every ingested document with both its vectors
 * and measures each query's system NN@10 on them; its folder deleted by hand while the node runs is created again and
 * refilled, with no failed ingest or query; documents ingested again replace their copies there.
 */
public class LeapDriftIT extends LeapNodeTestCase {
    private static final int DOCS = 300;
    /** Documents ingested after the shadow's folder is deleted: the 100 its NN@10 needs (10 per neighbour). */
    private static final int REFILL = 100;
    private static final int QUERIES = 50;
    private static final String DRIFT = "/_plugins/_leap/models/" + PUBLIC_MODEL + "/_drift";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report() throws IOException {
        Map<String, Object> nodes = (Map<String, Object>) call("GET", DRIFT, null).get("nodes");
        assertEquals("one node runs here", 1, nodes.size());
        return (Map<String, Object>) nodes.values().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> report, String name) {
        return (Map<String, Object>) report.get(name);
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /**
     * The report's shadow object: documents held (as many as {@code documents} at least) and when they were added, and
     * a system NN@10 in [0, 1] measured on every query sample of the window, since the shadow held 100 documents and more.
     */
    private static Map<String, Object> shadow(Map<String, Object> report, int documents, int queries) {
        Map<String, Object> shadow = part(report, "shadow");
        assertTrue(shadow.toString(), number(shadow, "documents") >= documents);
        assertTrue(shadow.toString(), number(shadow, "documents") <= 5000);
        long oldest = ((Number) shadow.get("oldest_added_in_millis")).longValue();
        long newest = ((Number) shadow.get("newest_added_in_millis")).longValue();
        assertTrue(shadow.toString(), oldest <= newest && newest <= System.currentTimeMillis());
        assertEquals(shadow.toString(), queries, ((Number) shadow.get("samples")).intValue());
        double nn10 = number(shadow, "system_nn10_mean");
        assertTrue(shadow.toString(), 0 <= nn10 && nn10 <= 1);
        return shadow;
    }

    private static void ingest(List<Map<String, Object>> docs) throws IOException {
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> doc : docs) {
            bulk.append(json(Map.of("index", Map.of("_index", "drift", "_id", doc.get("_id"))))).append('\n');
            bulk.append(json(Map.of("title", doc.get("title")))).append('\n');
        }
        Map<String, Object> result = call("POST", "/_bulk?pipeline=leap-drift&refresh=true", bulk.toString());
        assertEquals(result.toString(), false, result.get("errors"));
    }

    private static void search(List<Map<String, Object>> claims) throws IOException {
        for (Map<String, Object> claim : claims) {
            call("POST", "/drift/_search", """
                {"size": 10, "_source": false, "query": {"leap_neural": {"vec": {"query_text": %s, "model_id": "%s", "k": 10}}}}"""
                .formatted(json(claim.get("text")), PUBLIC_MODEL));
        }
    }

    /**
     * Waits until the window holds the samples sent; none may be dropped or fail since {@code before} (the load is one
     * client, far below the drift queue).
     */
    private static Map<String, Object> settled(Map<String, Object> before, int queries, int documents) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            Map<String, Object> r = report();
            for (String counter : List.of("errors", "dropped")) {
                assertEquals(r.toString(), part(before, "totals").get(counter), part(r, "totals").get(counter));
            }
            if (((Number) part(r, "query").get("samples")).intValue() >= queries
                && ((Number) part(r, "document").get("samples")).intValue() >= documents) {
                return r;
            }
            assertTrue("drift samples still in flight after 5 minutes: " + r, System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    @SuppressWarnings("unchecked")
    public void testNn10HoldsAtFullDepthFallsAtLowThetaAndAutoRaiseAnswersTheAlarm() throws Exception {
        List<Map<String, Object>> docs = sampleDocs(DOCS + REFILL);
        List<Map<String, Object>> claims = jsonLines("samples/scifact/queries-train-in-subset.jsonl", QUERIES);
        assertEquals(QUERIES, claims.size());
        createIndexAndPipeline("drift", "leap-drift", "title", PUBLIC_MODEL);
        Map<String, Object> before = report();
        try {
            // theta 1: no row exits, so the exited vector is the full-depth one; documents run the exit rule too, so that
            // they are sampled
            setSettings(PUBLIC_MODEL, "{\"theta\": 1.0, \"k\": 1, \"l_min\": 6, \"ingest_policy\": \"early_exit\", \"drift.sample_rate\": 1.0,"
                + " \"drift.auto_raise_theta\": false}");
            ingest(docs.subList(0, DOCS));
            search(claims);
            Map<String, Object> full = settled(before, QUERIES, DOCS);
            logger.info("drift at theta 1.0: {}", full);
            Map<String, Object> q = part(full, "query");
            assertEquals(q.toString(), QUERIES, ((Number) q.get("samples")).intValue());
            assertEquals(q.toString(), 1.0, number(q, "nn10_mean"), 0);
            assertEquals(q.toString(), 0.0, number(q, "nn10_fail_share"), 0);
            assertEquals(q.toString(), 1.0, number(q, "cosine_mean"), 1e-4);
            assertEquals(q.toString(), Map.of("12", QUERIES), q.get("exit_layer_histogram"));
            assertEquals(full.toString(), 1.0, number(part(full, "document"), "cosine_mean"), 1e-4);
            assertEquals(false, full.get("alarm"));
            Map<String, Object> fullShadow = shadow(full, DOCS, QUERIES);
            logger.info("shadow at theta 1.0: {}", fullShadow);

            // the shadow's folder deleted by hand while the node runs: the next sample creates it again, empty
            IOUtils.rm(nodeData().resolve("leap/shadow/" + PUBLIC_MODEL));

            // theta 0.5: every row leaves at l_min = 6; the new settings version starts a new window
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.5}");
            assertEquals(0, ((Number) part(report(), "query").get("samples")).intValue());
            ingest(docs.subList(DOCS, DOCS + REFILL));
            // the same documents again, same index and _id: each replaces its shadow copy
            ingest(docs.subList(DOCS, DOCS + REFILL));
            search(claims);
            Map<String, Object> low = settled(before, QUERIES, 2 * REFILL);
            logger.info("drift at theta 0.5: {}", low);
            q = part(low, "query");
            assertEquals(q.toString(), Map.of("6", QUERIES), q.get("exit_layer_histogram"));
            assertTrue(q.toString(), number(q, "nn10_mean") < 0.8);
            assertTrue(q.toString(), number(q, "nn10_fail_share") > 0.2);
            assertTrue(q.toString(), number(q, "cosine_mean") < 0.95);
            assertTrue(low.toString(), number(part(low, "document"), "cosine_mean") < 0.95);
            assertEquals(true, low.get("alarm"));
            Map<String, Object> lowShadow = shadow(low, 0, QUERIES);
            logger.info("shadow at theta 0.5, refilled after its folder was deleted: {}", lowShadow);
            assertEquals("documents ingested twice are held once: " + lowShadow, REFILL, number(lowShadow, "documents"), 0);
            assertTrue(lowShadow.toString(), number(lowShadow, "errors") >= 1);
            assertTrue("exits on both sides lose neighbours: " + lowShadow + " " + fullShadow, number(lowShadow, "system_nn10_mean")
                < number(fullShadow, "system_nn10_mean"));
            assertEquals(List.of(), low.get("theta_changes"));
            assertEquals("no auto-raise unless asked for", 0.5, number(modelSettings(PUBLIC_MODEL), "theta"), 0);

            // auto-raise: once the new window has its 50 samples and the alarm holds, theta goes up one step, once
            setSettings(PUBLIC_MODEL, "{\"drift.auto_raise_theta\": true}");
            search(claims);
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (((List<?>) report().get("theta_changes")).isEmpty()) {
                assertTrue("no theta change 5 minutes after the alarm: " + report(), System.nanoTime() < deadline);
                Thread.sleep(500);
            }
            Map<String, Object> raised = report();
            logger.info("drift after auto-raise: {}", raised);
            List<Map<String, Object>> changes = (List<Map<String, Object>>) raised.get("theta_changes");
            assertEquals(changes.toString(), 1, changes.size());
            Map<String, Object> change = changes.get(0);
            assertEquals(0.5, number(change, "old_theta"), 0);
            assertEquals(0.51, number(change, "new_theta"), 0);
            assertTrue(change.toString(), number(change, "nn10_fail_share") > 0.2);
            assertEquals(QUERIES, ((Number) change.get("query_samples")).intValue());
            Map<String, Object> settings = modelSettings(PUBLIC_MODEL);
            assertEquals(0.51, number(settings, "theta"), 0);
            assertEquals(number(change, "settings_version"), number(settings, "version"), 0);
            assertEquals("the raise starts a new window", number(settings, "version"), number(raised, "window_settings_version"), 0);
        } finally {
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.95, \"k\": 1, \"l_min\": 6, \"ingest_policy\": \"full_depth\", \"drift\": {\"sample_rate\": 0.01,"
                + " \"auto_raise_theta\": false}}");
        }
    }

    public void testStatsCarryTheDriftReport() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> nodes = (Map<String, Object>) call("GET", "/_plugins/_leap/stats/drift", null).get("nodes");
        @SuppressWarnings("unchecked")
        Map<String, Object> drift = (Map<String, Object>) ((Map<String, Object>) nodes.values().iterator().next()).get("drift");
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) drift.get(PUBLIC_MODEL);
        assertEquals(PUBLIC_MODEL, model.get("model_id"));
        assertEquals(report().keySet(), model.keySet());
    }
}
