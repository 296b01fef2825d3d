package org.leap.plugin.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;

/**
 * Degrading under load on the real node: the θ controller first measures the public bge-small-en-v1.5 at θ 0.95 on
 * live {@code leap_neural} queries (SciFact claims over 300 titles, every query sampled, the IT node deciding every
 * second from 20 samples); then, with θ 0.99 by hand, a floor under that measurement and a queue wait budget of 1 ns
 * (so that any wait passes it), concurrent queries run at θ 0.95, say so in {@code matched_queries}, are counted in the
 * stats, and all answer 200; with every query sampled, the degraded ones are measured in the drift report's own
 * {@code degraded} tally, at an NN@10 not below the floor; with the budget back at its default a query runs at θ 0.99
 * again. The public model, as in {@code LeapAutoTuneIT}, so that the default model's controller stays as the YAML tests
 * expect it; its decisions at θ 0.80 (NN@10 about 0.3) and 0.99 (not below the θ in force) are no candidates.
 */
public class LeapDegradeIT extends LeapNodeTestCase {
    private static final int DOCS = 300;
    private static final String DRIFT = "/_plugins/_leap/models/" + PUBLIC_MODEL + "/_drift";
    private static final String BUDGET = "plugins.leap.degrade.queue_wait_budget";
    private static final double FLOOR = 0.3;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> decisions() throws IOException {
        return (List<Map<String, Object>>) ((Map<String, Object>) call("GET", DRIFT, null).get("tuning")).get("decisions");
    }

    private static String query(Map<String, Object> claim) throws IOException {
        return """
            {"size": 10, "_source": false, "query": {"leap_neural": {"vec": {"query_text": %s, "model_id": "%s", "k": 10}}}}"""
            .formatted(json(claim.get("text")), PUBLIC_MODEL);
    }

    /** The name the first hit carries: the θ the query ran at, and whether it was degraded. */
    @SuppressWarnings("unchecked")
    private static String tag(Map<String, Object> search) {
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) search.get("hits")).get("hits");
        assertFalse("no hits: " + search, hits.isEmpty());
        return ((List<String>) hits.get(0).get("matched_queries")).get(0);
    }

    /**
     * The drift report's {@code degraded} tally of this node and of the cluster, and the node's {@code shadow}, once no
     * sample is in flight; no sample may fail (the load is 4 clients, a drift queue of 64).
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> degradedTally() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            Map<String, Object> drift = call("GET", DRIFT, null);
            Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) drift.get("nodes")).values().iterator().next();
            Map<String, Object> totals = (Map<String, Object>) node.get("totals");
            if (((Number) totals.get("in_flight")).longValue() == 0) {
                assertEquals(totals.toString(), 0, ((Number) totals.get("errors")).longValue());
                return List.of((Map<String, Object>) node.get("degraded"), (Map<String, Object>) ((Map<String, Object>) drift.get(
                    "cluster")).get("degraded"), (Map<String, Object>) node.get("shadow"));
            }
            assertTrue("drift samples still in flight after 5 minutes: " + totals, System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> queryStats() throws IOException {
        Map<String, Object> stats = call("GET", "/_plugins/_leap/_local/stats/models", null);
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) stats.get("nodes")).values().iterator().next();
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) node.get("models")).get(PUBLIC_MODEL)).get("query");
    }

    private static void budget(String value) throws IOException {
        transientClusterSetting(BUDGET, value);
    }

    /** The controller's decision at θ 0.95: queries sent round and round until it has decided once, then auto_tune off. */
    private static Map<String, Object> measureTheta095(List<Map<String, Object>> claims) throws Exception {
        int before = decisions().size();
        setSettings(PUBLIC_MODEL, "{\"theta\": 0.95, \"k\": 1, \"l_min\": 6, \"drift.sample_rate\": 1.0, \"target_nn10\": 0.5,"
            + " \"auto_tune\": true}");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (int i = 0; decisions().size() == before; i++) {
            assertTrue("no decision 5 minutes after auto_tune went on", System.nanoTime() < deadline);
            for (Map<String, Object> claim : claims.subList(i * 5 % claims.size(), i * 5 % claims.size() + 5)) {
                call("POST", "/degrade/_search", query(claim));
            }
        }
        setSettings(PUBLIC_MODEL, "{\"auto_tune\": false}");
        List<Map<String, Object>> all = decisions();
        return all.get(all.size() - 1);
    }

    @SuppressWarnings("unchecked")
    public void testQueriesOverTheQueueWaitBudgetRunAtTheMeasuredThetaAndComeBackWhenTheLoadGoes() throws Exception {
        List<Map<String, Object>> claims = jsonLines("samples/scifact/queries-train-in-subset.jsonl", 50);
        createIndexAndPipeline("degrade", "leap-degrade", "title", PUBLIC_MODEL);
        indexTitles("degrade", "leap-degrade", DOCS);
        try {
            Map<String, Object> measured = measureTheta095(claims);
            logger.info("the controller's measurement: {}", measured);
            assertEquals(measured.toString(), 0.95, ((Number) measured.get("old_theta")).doubleValue(), 0);
            assertTrue("the evidence must meet the floor for this test to mean anything: " + measured,
                ((Number) measured.get("nn10_lower_bound")).doubleValue() >= FLOOR);

            // a floor above the target is refused, the one under the measurement is taken
            ResponseException above = expectThrows(ResponseException.class, () -> setSettings(PUBLIC_MODEL,
                "{\"degrade_min_nn10\": 0.6}"));
            assertEquals(400, above.getResponse().getStatusLine().getStatusCode());
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.99, \"drift.sample_rate\": 1.0, \"degrade_min_nn10\": " + FLOOR + "}");
            assertEquals(FLOOR, ((Number) modelSettings(PUBLIC_MODEL).get("degrade_min_nn10")).doubleValue(), 0);
            long degradedBefore = ((Number) queryStats().get("degraded")).longValue();

            budget("1nanos");
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Response>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    Map<String, Object> claim = claims.get(i % claims.size());
                    answers.add(clients.submit(() -> {
                        Request search = new Request("POST", "/degrade/_search");
                        search.setJsonEntity(query(claim));
                        return client().performRequest(search);
                    }));
                }
                int degraded = 0;
                for (Future<Response> answer : answers) {
                    Response response = answer.get(5, TimeUnit.MINUTES);
                    assertEquals(200, response.getStatusLine().getStatusCode());
                    String tag = tag(entityAsMap(response));
                    if (tag.endsWith(",theta=0.95,degraded=true")) {
                        degraded++;
                    } else {
                        assertTrue("a query not degraded runs at the model's θ: " + tag, tag.endsWith(",theta=0.99"));
                    }
                }
                Map<String, Object> stats = queryStats();
                logger.info("40 concurrent queries over a 1 ns budget: {} degraded; query stats {}", degraded, stats);
                assertTrue("with every wait over the budget, queries after the first ones degrade", degraded > 0);
                assertEquals(stats.toString(), degradedBefore + degraded, ((Number) stats.get("degraded")).longValue());
                assertEquals(stats.toString(), 0.95, ((Number) stats.get("last_degraded_theta")).doubleValue(), 0);

                // measured, each on its full-depth twin, in their own tally of the new settings' window
                List<Map<String, Object>> tally = degradedTally();
                Map<String, Object> node = tally.get(0);
                logger.info("degraded queries in the drift report, floor {}: node {}, cluster {}; shadow {}", FLOOR, node, tally.get(1),
                    tally.get(2));
                int samples = ((Number) node.get("samples")).intValue();
                assertEquals("one node: the cluster is the node", samples, ((Number) tally.get(1).get("samples")).intValue());
                assertTrue(node.toString(), samples > 0 && samples <= degraded);
                double nn10 = ((Number) node.get("nn10_mean")).doubleValue();
                assertTrue("the measured NN@10 of degraded queries keeps the floor: " + node, nn10 >= FLOOR && nn10 <= 1);
                assertEquals(nn10, ((Number) tally.get(1).get("nn10_mean")).doubleValue(), 1e-4);
                assertEquals(node.toString(), 0.95, ((Number) node.get("theta_min")).doubleValue(), 0);
                assertEquals(node.toString(), 0.95, ((Number) node.get("theta_max")).doubleValue(), 0);
            } finally {
                clients.shutdownNow();
            }

            budget(null);
            Thread.sleep(1_100); // the waits of the burst leave the one-second window
            long degradedAfter = ((Number) queryStats().get("degraded")).longValue();
            String tag = tag(call("POST", "/degrade/_search", query(claims.get(0))));
            assertTrue("under the default budget an idle node runs the model's θ: " + tag, tag.endsWith(",theta=0.99"));
            assertEquals(degradedAfter, ((Number) queryStats().get("degraded")).longValue());
            setSettings(PUBLIC_MODEL, "{\"degrade_min_nn10\": null}");
            assertNull("a null floor removes it", modelSettings(PUBLIC_MODEL).get("degrade_min_nn10"));
        } finally {
            budget(null);
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.95, \"k\": 1, \"l_min\": 6, \"auto_tune\": false, \"target_nn10\": 0.9,"
                + " \"drift\": {\"sample_rate\": 0.01, \"auto_raise_theta\": false}, \"degrade_min_nn10\": null}");
        }
    }
}
