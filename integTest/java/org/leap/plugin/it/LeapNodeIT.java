package org.leap.plugin.it;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;

/**
 * End to end on a real OpenSearch 3.5.0 node with opensearch-knn and this plugin installed (integTest/node.sh): a
 * pipeline embeds a bulk of real SciFact abstracts, k-NN searches them through leap_neural, exit layers come back, a
 * theta change takes effect on the next request and survives a node restart.
 */
public class LeapNodeIT extends LeapNodeTestCase {
    @SuppressWarnings("unchecked")
    public void testBulkOfRealAbstractsIsEmbeddedAndSearchable() throws Exception {
        setSettings("{\"theta\": 0.95, \"k\": 1, \"l_min\": 6, \"ingest_policy\": \"full_depth\", \"query_policy\": \"early_exit\"}");
        createIndexAndPipeline("scifact", "leap", "text");
        List<Map<String, Object>> docs = sampleDocs(48);
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> doc : docs) {
            bulk.append(json(Map.of("index", Map.of("_index", "scifact", "_id", doc.get("_id"))))).append('\n');
            bulk.append(json(Map.of("title", doc.get("title"), "text", doc.get("text")))).append('\n');
        }
        // two bad documents in the middle of the bulk: each must fail alone
        bulk.append("{\"index\": {\"_index\": \"scifact\", \"_id\": \"bad-empty\"}}\n{\"text\": \"\"}\n");
        bulk.append("{\"index\": {\"_index\": \"scifact\", \"_id\": \"bad-number\"}}\n{\"text\": 17}\n");
        // and two the encoder itself would refuse (a control character alone; a word past max_text_chars of spaces):
        // before, either failed every document of its batch
        bulk.append("{\"index\": {\"_index\": \"scifact\", \"_id\": \"bad-control\"}}\n{\"text\": \"\\u0000\"}\n");
        bulk.append("{\"index\": {\"_index\": \"scifact\", \"_id\": \"bad-cut\"}}\n").append(json(Map.of("text", " ".repeat(20_001)
            + "word"))).append('\n');
        Request request = new Request("POST", "/_bulk?pipeline=leap&refresh=true");
        request.setJsonEntity(bulk.toString());
        long start = System.nanoTime();
        Map<String, Object> result = entityAsMap(client().performRequest(request));
        double seconds = (System.nanoTime() - start) / 1e9;
        logger.info("bulk of {} SciFact abstracts through leap_text_embedding: {} s, {} docs/s", docs.size(), seconds,
            docs.size() / seconds);
        List<Map<String, Object>> items = (List<Map<String, Object>>) result.get("items");
        assertEquals(docs.size() + 4, items.size());
        for (int i = 0; i < docs.size(); i++) {
            Map<String, Object> item = (Map<String, Object>) items.get(i).get("index");
            assertEquals("document " + item.get("_id") + ": " + item, 201, item.get("status"));
        }
        Map<String, Object> empty = (Map<String, Object>) items.get(docs.size()).get("index");
        assertEquals(400, empty.get("status"));
        assertEquals("field [text] is an empty string; there is nothing to embed", ((Map<String, Object>) empty.get("error")).get(
            "reason"));
        Map<String, Object> number = (Map<String, Object>) items.get(docs.size() + 1).get("index");
        assertEquals(400, number.get("status"));
        for (int i = docs.size() + 2; i < docs.size() + 4; i++) {
            Map<String, Object> refused = (Map<String, Object>) items.get(i).get("index");
            assertEquals(refused.toString(), 400, refused.get("status"));
            assertTrue(refused.toString(), refused.get("error").toString().contains("has nothing to embed"));
        }

        // every good document carries a unit vector, its exit layer (the last: documents run at full depth) and the model;
        // no theta, since no exit rule decided
        for (Map<String, Object> doc : docs.subList(0, 20)) {
            Map<String, Object> source = (Map<String, Object>) call("GET", "/scifact/_doc/" + doc.get("_id"), null).get("_source");
            List<Number> vec = (List<Number>) source.get("vec");
            assertEquals(384, vec.size());
            double norm = 0;
            for (Number v : vec) {
                norm += v.doubleValue() * v.doubleValue();
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3);
            assertEquals(LAYERS, ((Number) source.get("vec_exit_layer")).intValue());
            assertEquals(MODEL, source.get("vec_model_id"));
            assertFalse(source.toString(), source.containsKey("vec_theta"));
        }

        // a document's own text, as a query that exits early, finds that document first
        Map<String, Object> target = docs.get(37);
        Map<String, Object> search = call("POST", "/scifact/_search", """
            {"_source": ["title"], "query": {"leap_neural": {"vec": {"query_text": %s, "k": 5}}}}""".formatted(json(target.get(
            "text"))));
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) search.get("hits")).get("hits");
        assertEquals(5, hits.size());
        assertEquals(target.get("_id"), hits.get(0).get("_id"));
        String tag = ((List<String>) hits.get(0).get("matched_queries")).get(0);
        assertTrue(tag, tag.matches("leap_neural:field=vec,model=leap-bge-small,exit_layer=([6-9]|1[0-2]),layers=12,theta=0\\.95"));

        // a real claim retrieves abstracts, and the query path shows up in the stats
        Map<String, Object> claim = call("POST", "/scifact/_search", """
            {"query": {"leap_neural": {"vec": {"query_text": "Vitamin D supplementation reduces fracture risk", "k": 3}}}}""");
        assertEquals(3, ((List<?>) ((Map<String, Object>) claim.get("hits")).get("hits")).size());
        Map<String, Object> stats = call("GET", "/_plugins/_leap/_local/stats/query_texts,ingest_texts", null);
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) stats.get("nodes")).values().iterator().next();
        assertTrue(node.toString(), ((Number) node.get("ingest_texts")).intValue() >= docs.size());
        assertTrue(node.toString(), ((Number) node.get("query_texts")).intValue() >= 2);
    }

    @SuppressWarnings("unchecked")
    private static int ingestOneAndReadExitLayer(String id, String text) throws IOException {
        call("PUT", "/theta/_doc/" + id + "?pipeline=leap-theta&refresh=true", json(Map.of("text", text)));
        Map<String, Object> source = (Map<String, Object>) call("GET", "/theta/_doc/" + id, null).get("_source");
        return ((Number) source.get("vec_exit_layer")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static String queryTag(String text) throws IOException {
        Map<String, Object> search = call("POST", "/theta/_search", """
            {"query": {"leap_neural": {"vec": {"query_text": %s, "k": 1}}}}""".formatted(json(text)));
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) search.get("hits")).get("hits");
        return ((List<String>) hits.get(0).get("matched_queries")).get(0);
    }

    public void testThetaChangeIsHotAndSurvivesARestart() throws Exception {
        createIndexAndPipeline("theta", "leap-theta", "text");
        String text = (String) sampleDocs(1).get(0).get("text");

        // theta 1: cos(p_l, p_{l-1}) never reaches 1, so every text runs the whole depth (documents run the exit rule here
        // too, ingest_policy early_exit)
        setSettings("{\"theta\": 1.0, \"k\": 1, \"l_min\": 6, \"ingest_policy\": \"early_exit\"}");
        assertEquals(LAYERS, ingestOneAndReadExitLayer("full", text));
        assertTrue(queryTag(text), queryTag(text).contains("exit_layer=12,layers=12,theta=1.0"));

        // theta 0.5 with l_min 4: consecutive layers of a BERT agree far above 0.5, so texts leave at l_min
        setSettings("{\"theta\": 0.5, \"l_min\": 4}");
        Map<String, Object> before = modelSettings();
        assertEquals(0.5, ((Number) before.get("theta")).doubleValue(), 0);
        assertEquals(4, ((Number) before.get("l_min")).intValue());
        assertEquals(4, ingestOneAndReadExitLayer("early", text));
        assertTrue(queryTag(text), queryTag(text).contains("exit_layer=4,layers=12,theta=0.5"));

        restartNode();

        Map<String, Object> after = modelSettings();
        assertEquals("the settings and their version survive the restart", before, after);
        assertEquals(4, ingestOneAndReadExitLayer("after-restart", text));

        // documents back to full depth: the query still leaves at l_min, the document runs every layer
        setSettings("{\"ingest_policy\": \"full_depth\"}");
        assertEquals(LAYERS, ingestOneAndReadExitLayer("full-depth", text));
        assertTrue(queryTag(text), queryTag(text).contains("exit_layer=4,layers=12,theta=0.5"));
        setSettings("{\"theta\": 0.95, \"k\": 1, \"l_min\": 6}");
    }

    public void testBadInputIsA4xxWithAReason() throws Exception {
        createIndexAndPipeline("bad", "leap-bad", "text");
        ResponseException e = expectThrows(ResponseException.class, () -> call("POST", "/bad/_search",
            "{\"query\": {\"leap_neural\": {\"vec\": {\"query_text\": \"x\", \"k\": -1}}}}"));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        e = expectThrows(ResponseException.class, () -> setSettings("{\"theta\": 1.1}"));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        e = expectThrows(ResponseException.class, () -> call("PUT", "/_plugins/_leap/models/nope/_settings", "{\"theta\": 0.9}"));
        assertEquals(404, e.getResponse().getStatusLine().getStatusCode());
        // a huge text is cut, embedded and counted, not refused
        String huge = "word ".repeat(200_000);
        call("PUT", "/bad/_doc/huge?pipeline=leap-bad&refresh=true", json(Map.of("text", huge)));
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) call("GET", "/bad/_doc/huge", null).get("_source");
        assertEquals(384, ((List<?>) source.get("vec")).size());
        Map<String, Object> stats = call("GET", "/_plugins/_leap/_local/stats/truncated_texts", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) stats.get("nodes")).values().iterator().next();
        assertTrue(node.toString(), ((Number) node.get("truncated_texts")).intValue() >= 1);
    }
}
