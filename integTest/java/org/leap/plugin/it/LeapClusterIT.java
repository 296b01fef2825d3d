package org.leap.plugin.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hc.core5.http.HttpHost;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

/**
 * A real three-node cluster (integTest/cluster.sh): c0 cluster manager + data, c1 data + ingest, c2 the only
 * {@code leap_encoder}. Ingest through the ingest node and queries coordinated by any node encode on c2; the other
 * nodes load no model; a theta set through any node applies everywhere; with the encoder node gone, queries and
 * documents fail with a 503 naming the role, and work again once it is back.
 */
public class LeapClusterIT extends LeapNodeTestCase {
    private static final RestClient[] NODES = new RestClient[3];
    private static final int DOCS = 20;

    @BeforeClass
    public static void startCluster() throws Exception {
        cluster("fresh-start");
        for (int n = 0; n < NODES.length; n++) {
            NODES[n] = RestClient.builder(new HttpHost("http", "127.0.0.1", 9210 + n)).build();
        }
    }

    @AfterClass
    public static void stopCluster() throws Exception {
        for (RestClient node : NODES) {
            if (node != null) {
                node.close();
            }
        }
        cluster("stop");
    }

    private static void cluster(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root().resolve("integTest/cluster.sh").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue("integTest/cluster.sh " + String.join(" ", args) + " took over 10 minutes", p.waitFor(10, TimeUnit.MINUTES));
        assertEquals("integTest/cluster.sh " + String.join(" ", args) + " failed", 0, p.exitValue());
    }

    private static Map<String, Object> on(int node, String method, String path, String body) throws IOException {
        Request request = new Request(method, path);
        if (body != null) {
            request.setJsonEntity(body);
        }
        return entityAsMap(NODES[node].performRequest(request));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> localStats(int node) throws IOException {
        Map<String, Object> nodes = (Map<String, Object>) on(node, "GET", "/_plugins/_leap/_local/stats/query_texts,ingest_texts", null).get("nodes");
        return (Map<String, Object>) nodes.values().iterator().next();
    }

    private static int count(Map<String, Object> stats, String key) {
        return ((Number) stats.get(key)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static String modelState(int node) throws IOException {
        Map<String, Object> models = (Map<String, Object>) on(node, "GET", "/_plugins/_leap/models/" + MODEL, null).get("models");
        return (String) ((Map<String, Object>) models.get(MODEL)).get("state");
    }

    @SuppressWarnings("unchecked")
    private static String queryTag(int node, String text) throws IOException {
        Map<String, Object> search = on(node, "POST", "/docs/_search", """
            {"query": {"leap_neural": {"vec": {"query_text": %s, "k": 3}}}}""".formatted(json(text)));
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) search.get("hits")).get("hits");
        assertEquals(search.toString(), 3, hits.size());
        return ((List<String>) hits.get(0).get("matched_queries")).get(0);
    }

    private static String bulk(List<Map<String, Object>> docs, int from, int to) throws IOException {
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> doc : docs.subList(from, to)) {
            bulk.append(json(Map.of("index", Map.of("_index", "docs", "_id", doc.get("_id"))))).append('\n');
            bulk.append(json(Map.of("title", doc.get("title")))).append('\n');
        }
        return bulk.toString();
    }

    @SuppressWarnings("unchecked")
    public void testEncodesOnTheEncoderNodeOnlyAndFailsClearlyWithoutIt() throws Exception {
        // only the encoder node loads the model
        assertEquals("not_loaded", modelState(0));
        assertEquals("not_loaded", modelState(1));
        assertEquals("ready", modelState(2));

        // documents sent to the ingest node are embedded on the encoder node
        on(0, "PUT", "/docs", """
            {"settings": {"index.knn": true, "number_of_shards": 1, "number_of_replicas": 0},
             "mappings": {"properties": {"title": {"type": "text"}, "vec": {"type": "knn_vector", "dimension": 384,
               "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}}""");
        on(1, "PUT", "/_ingest/pipeline/leap", """
            {"processors": [{"leap_text_embedding": {"field_map": {"title": "vec"}}}]}""");
        List<Map<String, Object>> docs = sampleDocs(DOCS + 3);
        Map<String, Object> result = on(1, "POST", "/_bulk?pipeline=leap&refresh=true", bulk(docs, 0, DOCS));
        assertEquals(result.toString(), false, result.get("errors"));
        assertEquals(DOCS, count(localStats(2), "ingest_texts"));
        assertEquals(0, count(localStats(0), "ingest_texts"));
        assertEquals(0, count(localStats(1), "ingest_texts"));

        // a query coordinated by either non-encoder node is encoded on the encoder node
        String claim = "Vitamin D supplementation reduces fracture risk";
        String tag = queryTag(0, claim);
        assertTrue(tag, tag.startsWith("leap_neural:field=vec,model=" + MODEL + ",exit_layer="));
        queryTag(1, claim);
        assertEquals(2, count(localStats(2), "query_texts"));
        assertEquals(0, count(localStats(0), "query_texts") + count(localStats(1), "query_texts"));

        // the cluster-wide stats, asked of any node, sum the nodes: the model is loaded on the encoder alone
        Map<String, Object> merged = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) on(0, "GET",
            "/_plugins/_leap/stats/models", null).get("cluster")).get("models")).get(MODEL);
        assertEquals(merged.toString(), List.of("leap-c2"), merged.get("loaded_on"));
        assertEquals(merged.toString(), DOCS, ((Map<String, Object>) merged.get("ingest")).get("texts"));
        assertEquals(merged.toString(), 2, ((Map<String, Object>) merged.get("query")).get("texts"));
        Map<String, Object> drift = on(1, "GET", "/_plugins/_leap/models/" + MODEL + "/_drift", null);
        assertEquals(drift.toString(), MODEL, ((Map<String, Object>) drift.get("cluster")).get("model_id"));
        assertEquals(drift.toString(), 3, ((Map<String, Object>) drift.get("nodes")).size());

        // a theta set through the ingest node is what the encoder node applies to a query coordinated by the other
        on(1, "PUT", "/_plugins/_leap/models/" + MODEL + "/_settings", "{\"theta\": 0.5, \"l_min\": 4}");
        tag = queryTag(0, claim);
        assertTrue(tag, tag.contains("exit_layer=4,layers=12,theta=0.5"));
        on(0, "PUT", "/_plugins/_leap/models/" + MODEL + "/_settings", "{\"theta\": 0.95, \"l_min\": 6}");

        // without the encoder node: a 503 that names the role, for a query and for each document; nothing is written
        cluster("stop-node", "2");
        ResponseException e = expectThrows(ResponseException.class, () -> queryTag(0, claim));
        assertEquals(e.getMessage(), 503, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(e.getMessage(), e.getMessage().contains("leap_encoder"));
        result = on(1, "POST", "/_bulk?pipeline=leap&refresh=true", bulk(docs, DOCS, DOCS + 3));
        for (Map<String, Object> item : (List<Map<String, Object>>) result.get("items")) {
            Map<String, Object> index = (Map<String, Object>) item.get("index");
            assertEquals(index.toString(), 503, index.get("status"));
            assertTrue(index.toString(), index.get("error").toString().contains("leap_encoder"));
        }
        assertEquals(DOCS, ((Number) on(0, "GET", "/docs/_count", null).get("count")).intValue());

        // back again: the same documents go in
        cluster("start-node", "2");
        result = on(1, "POST", "/_bulk?pipeline=leap&refresh=true", bulk(docs, DOCS, DOCS + 3));
        assertEquals(result.toString(), false, result.get("errors"));
        assertEquals(DOCS + 3, ((Number) on(0, "GET", "/docs/_count", null).get("count")).intValue());
        queryTag(1, claim);
    }

    private static Map<String, Object> awaitTask(String taskId, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Map<String, Object> task = on(0, "GET", "/_plugins/_leap/tasks/" + taskId, null);
        while (state.equals(task.get("state")) == false) {
            assertTrue("task did not reach " + state + " in 5 minutes: " + task, System.nanoTime() < deadline);
            Thread.sleep(500);
            task = on(0, "GET", "/_plugins/_leap/tasks/" + taskId, null);
        }
        return task;
    }

    /** Waits until the model's shadow indices, merged across the nodes, hold at least that many documents. */
    @SuppressWarnings("unchecked")
    private static void awaitShadowDocuments(String model, int documents) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            Map<String, Object> cluster = (Map<String, Object>) on(0, "GET", "/_plugins/_leap/models/" + model + "/_drift", null).get(
                "cluster");
            Map<String, Object> shadow = (Map<String, Object>) cluster.get("shadow");
            if (((Number) shadow.get("documents")).intValue() >= documents) {
                return;
            }
            assertTrue("the shadow of " + model + " holds fewer than " + documents + " after a minute: " + shadow, System
                .nanoTime() < deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Polls a node's models API until the model shows this state, and returns it. A 404 (the model is not, or no longer,
     * on the node) is thrown when the state asked for is "deleted", or after 2 minutes.
     */
    @SuppressWarnings("unchecked")
    private static String awaitModel(int node, String model, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                Map<String, Object> models = (Map<String, Object>) on(node, "GET", "/_plugins/_leap/models/" + model, null).get("models");
                String now = (String) ((Map<String, Object>) models.get(model)).get("state");
                if (now.equals(state)) {
                    return now;
                }
            } catch (ResponseException e) {
                if (e.getResponse().getStatusLine().getStatusCode() != 404 || state.equals("deleted") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            assertTrue("model " + model + " not " + state + " on node " + node + " in 2 minutes", System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    @SuppressWarnings("unchecked")
    private static String nodeId(String name) throws IOException {
        Map<String, Object> nodes = (Map<String, Object>) on(0, "GET", "/_nodes/" + name, null).get("nodes");
        return nodes.keySet().iterator().next();
    }

    private static String startJob(int via, String name, int steps) throws IOException {
        Map<String, Object> job = new java.util.HashMap<>(Map.of("name", name, "teacher", MODEL, "student_init", MODEL, "training_index",
            "train-src", "training_field", "text", "max_sentences", 300, "eval_sentences", 16, "batch_size", 8, "max_tokens", 32));
        job.put("steps", steps);
        job.put("warmup", 1);
        String body = json(job);
        return (String) on(via, "POST", "/_plugins/_leap/models/_train", body).get("task_id");
    }

    public void testJobsRunOnTheEncoderAreCancelledThroughAnyNodeAndFailWhenItLeaves() throws Exception {
        if (NODES[0].performRequest(new Request("HEAD", "/train-src")).getStatusLine().getStatusCode() == 404) {
            StringBuilder bulk = new StringBuilder();
            for (String line : java.nio.file.Files.readAllLines(root().resolve("samples/stsb-dev-300-sentences.txt"))) {
                bulk.append("{\"index\": {\"_index\": \"train-src\"}}\n").append(json(Map.of("text", line))).append('\n');
            }
            on(0, "POST", "/_bulk?refresh=true", bulk.toString());
        }
        String encoder = nodeId("leap-c2");

        // a job asked of a node without the role runs on the encoder node; a cancel sent elsewhere reaches it there
        String first = startJob(1, "cluster-cancelled", 5000);
        assertEquals(encoder, awaitTask(first, "RUNNING").get("node"));
        on(0, "POST", "/_plugins/_leap/tasks/" + first + "/_cancel", null);
        awaitTask(first, "CANCELLED");

        // a model trained on the encoder node is known to every node without a restart, and serves a pipeline run elsewhere
        awaitTask(startJob(1, "cluster-trained", 4), "COMPLETED");
        assertEquals("ready", awaitModel(2, "cluster-trained", "ready"));
        assertEquals("not_loaded", awaitModel(0, "cluster-trained", "not_loaded"));
        // each node adds it on its own, from the models index, moments after the cluster lists it
        assertEquals("not_loaded", awaitModel(1, "cluster-trained", "not_loaded"));
        // with drift sampling at 1, the text the encoder node embeds goes to the model's shadow index there
        on(1, "PUT", "/_plugins/_leap/models/cluster-trained/_settings", "{\"drift.sample_rate\": 1.0}");
        Map<String, Object> simulated = on(1, "POST", "/_ingest/pipeline/_simulate", "{\"pipeline\": {\"processors\": [{"
            + "\"leap_text_embedding\": {\"model_id\": \"cluster-trained\", \"field_map\": {\"text\": \"vec\"}}}]},"
            + " \"docs\": [{\"_source\": {\"text\": \"A man is playing a guitar on stage.\"}}]}");
        assertTrue(simulated.toString(), simulated.toString().contains("vec_model_id=cluster-trained"));
        Path shadow = integTestDir().resolve("cluster/c2/data/leap/shadow/cluster-trained");
        awaitShadowDocuments("cluster-trained", 1);
        assertTrue(shadow.toString(), Files.isDirectory(shadow));

        // deleted through any node, it leaves every node; a shipped model cannot be deleted
        on(1, "DELETE", "/_plugins/_leap/models/cluster-trained", null);
        for (int n : new int[] { 0, 2 }) {
            ResponseException gone = expectThrows(ResponseException.class, () -> awaitModel(n, "cluster-trained", "deleted"));
            assertEquals(gone.getMessage(), 404, gone.getResponse().getStatusLine().getStatusCode());
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Files.exists(shadow)) {
            assertTrue("the deleted model's shadow index is still there after a minute: " + shadow, System.nanoTime() < deadline);
            Thread.sleep(200);
        }
        ResponseException shipped = expectThrows(ResponseException.class, () -> on(0, "DELETE", "/_plugins/_leap/models/" + MODEL, null));
        assertEquals(400, shipped.getResponse().getStatusLine().getStatusCode());

        // a job whose node leaves is marked FAILED by the cluster manager, with the reason
        String second = startJob(0, "cluster-orphaned", 5000);
        awaitTask(second, "RUNNING");
        cluster("stop-node", "2");
        Map<String, Object> failed = awaitTask(second, "FAILED");
        assertTrue(failed.toString(), String.valueOf(failed.get("failure")).contains("left the cluster"));
        cluster("start-node", "2");
    }
}
