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
import org.opensearch.client.ResponseException;
import org.opensearch.core.rest.RestStatus;

/**
 * Shedding by queue wait on the real node: with {@code plugins.leap.degrade.max_queue_wait} at 1 ms, the queue wait
 * budget at 1 ns (the node over it) and one inference thread, 30 concurrent {@code leap_neural} queries mostly wait behind another encode for longer than that; each answers
 * 200 or a 429 {@code rejected_execution_exception} whose reason names the setting, some of each, and the node's and the
 * cluster's {@code shed} stats count exactly the 429s. With the setting back at 0 the same burst answers 200 throughout.
 */
public class LeapShedIT extends LeapNodeTestCase {
    private static final String INDEX = "shed";
    private static final String MAX_QUEUE_WAIT = "plugins.leap.degrade.max_queue_wait";
    private static final int QUERIES = 30;

    /** What a burst of concurrent queries got: answered (200) and refused (429 for the wait). */
    private record Burst(int answered, int shed) {}

    private static final String BUDGET = "plugins.leap.degrade.queue_wait_budget";

    private static void maxQueueWait(String value) throws IOException {
        transientClusterSetting(MAX_QUEUE_WAIT, value);
    }

    /** The default model's query {@code shed} count: this node's, and the cluster's sum. */
    @SuppressWarnings("unchecked")
    private static long[] shedCounts() throws IOException {
        Map<String, Object> stats = call("GET", "/_plugins/_leap/stats/models", null);
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) stats.get("nodes")).values().iterator().next();
        Map<String, Object> nodeQuery = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) node.get("models")).get(
            MODEL)).get("query");
        Map<String, Object> clusterQuery = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) stats
            .get("cluster")).get("models")).get(MODEL)).get("query");
        return new long[] { ((Number) nodeQuery.get("shed")).longValue(), ((Number) clusterQuery.get("shed")).longValue() };
    }

    /** {@value #QUERIES} queries at once, each a claim of its own; any answer but 200 or a 429 for the wait fails. */
    private static Burst burst(List<Map<String, Object>> claims) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(QUERIES);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                Map<String, Object> claim = claims.get(i % claims.size());
                statuses.add(clients.submit(() -> {
                    Request search = new Request("POST", "/" + INDEX + "/_search");
                    search.setJsonEntity("{\"size\": 5, \"_source\": false, \"query\": {\"leap_neural\": {\"vec\": {\"query_text\": "
                        + json(claim.get("text")) + ", \"k\": 5}}}}");
                    try {
                        return client().performRequest(search).getStatusLine().getStatusCode();
                    } catch (ResponseException e) {
                        int status = e.getResponse().getStatusLine().getStatusCode();
                        assertEquals(e.getMessage(), RestStatus.TOO_MANY_REQUESTS.getStatus(), status);
                        assertTrue(e.getMessage(), e.getMessage().contains("\"type\":\"rejected_execution_exception\""));
                        assertTrue(e.getMessage(), e.getMessage().contains("longer than [" + MAX_QUEUE_WAIT + "] = [1ms]"));
                        return status;
                    }
                }));
            }
            int answered = 0, shed = 0;
            for (Future<Integer> status : statuses) {
                if (status.get(5, TimeUnit.MINUTES) == 200) {
                    answered++;
                } else {
                    shed++;
                }
            }
            return new Burst(answered, shed);
        } finally {
            clients.shutdownNow();
        }
    }

    public void testQueriesThatWaitedLongerThanTheLimitAre429AndCountedAndAtZeroNoneIs() throws Exception {
        List<Map<String, Object>> claims = jsonLines("samples/scifact/queries-train-in-subset.jsonl", QUERIES);
        createIndexAndPipeline(INDEX, "leap-shed", "title");
        indexTitles(INDEX, "leap-shed", 100);
        try {
            long[] before = shedCounts();
            // a node sheds only while over its queue wait budget, the load at which queries degrade: 1 ns, any wait
            transientClusterSetting(BUDGET, "1nanos");
            maxQueueWait("1ms");
            Burst limited = burst(claims);
            long[] after = shedCounts();
            logger.info("{} concurrent queries with [{}] 1ms: {} answered, {} shed", QUERIES, MAX_QUEUE_WAIT, limited.answered(),
                limited.shed());
            assertTrue("the burst must queue behind the one inference thread: " + limited, limited.shed() > 0);
            assertTrue("a query that found the thread free is answered: " + limited, limited.answered() > 0);
            assertEquals("the node counts every 429", before[0] + limited.shed(), after[0]);
            assertEquals("so does the cluster's sum", before[1] + limited.shed(), after[1]);

            maxQueueWait("0");
            Burst unlimited = burst(claims);
            assertEquals("at 0 every query waits its turn: " + unlimited, new Burst(QUERIES, 0), unlimited);
            assertEquals(after[0], shedCounts()[0]);
        } finally {
            maxQueueWait(null);
            transientClusterSetting(BUDGET, null);
        }
    }
}
