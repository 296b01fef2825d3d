package org.leap.plugin.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.opensearch.client.Request;

/**
 * The node killed with SIGKILL in the middle of a stream of bulks through the pipeline: after it is back, every
 * document a bulk answered 201 for is there with its vector and exit layer, chunked documents indexed before the kill
 * are found by their best chunk, and the model's settings and the models are as they were. (A job killed mid-training is
 * {@link LeapTrainingIT}'s.)
 */
public class LeapRestartIT extends LeapNodeTestCase {
    private static final String INDEX = "restart-bulk";
    private static final int PER_BULK = 50;
    private static final String CHUNKS = "restart-chunks";

    @SuppressWarnings("unchecked")
    public void testNoAcknowledgedDocumentIsLostWhenTheNodeIsKilledMidBulk() throws Exception {
        createIndexAndPipeline(INDEX, INDEX, "text");
        int chunks = indexChunkedAbstracts(20);
        setSettings("{\"theta\": 0.93}");
        List<Map<String, Object>> docs = sampleDocs(2_000);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicReference<Exception> stoppedBy = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int from = 0; from + PER_BULK <= docs.size(); from += PER_BULK) {
                    StringBuilder bulk = new StringBuilder();
                    for (Map<String, Object> doc : docs.subList(from, from + PER_BULK)) {
                        bulk.append(json(Map.of("index", Map.of("_index", INDEX, "_id", doc.get("_id"))))).append('\n');
                        bulk.append(json(Map.of("text", doc.get("title")))).append('\n');
                    }
                    Request request = new Request("POST", "/_bulk?pipeline=" + INDEX);
                    request.setJsonEntity(bulk.toString());
                    for (Object item : (List<Object>) entityAsMap(client().performRequest(request)).get("items")) {
                        Map<String, Object> index = (Map<String, Object>) ((Map<String, Object>) item).get("index");
                        if (((Number) index.get("status")).intValue() == 201) {
                            acknowledged.add((String) index.get("_id"));
                        }
                    }
                }
            } catch (Exception e) {
                stoppedBy.set(e);
            }
        });
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (acknowledged.size() < 4 * PER_BULK) {
            assertTrue("the bulks did not get going: " + stoppedBy.get(), System.nanoTime() < deadline && writer.isAlive());
            Thread.sleep(100);
        }
        crashAndRestartNode();
        writer.join(TimeUnit.MINUTES.toMillis(5));
        assertFalse(writer.isAlive());
        assertNotNull("the kill must have cut the stream of bulks short", stoppedBy.get());
        logger.info("killed mid-bulk after {} acknowledged documents; the writer stopped with {}", acknowledged.size(), stoppedBy.get()
            .toString());

        call("POST", "/" + INDEX + "/_refresh", null);
        List<Object> filters = List.of(Map.of("ids", Map.of("values", List.copyOf(acknowledged))), Map.of("exists", Map.of("field",
            "vec")), Map.of("exists", Map.of("field", "vec_exit_layer")));
        Map<String, Object> found = call("POST", "/" + INDEX + "/_search", json(Map.of("size", 0, "track_total_hits", true, "query",
            Map.of("bool", Map.of("filter", filters)))));
        int present = ((Number) ((Map<String, Object>) ((Map<String, Object>) found.get("hits")).get("total")).get("value")).intValue();
        assertEquals("acknowledged documents missing after the kill", acknowledged.size(), present);
        System.out.println("restart suite: node killed mid-bulk after " + acknowledged.size() + " acknowledged documents, 0 lost");

        assertChunkedAbstractsAnswer(20, chunks);
        assertEquals(0.93, ((Number) modelSettings().get("theta")).doubleValue(), 1e-9);
        Map<String, Object> models = (Map<String, Object>) call("GET", "/_plugins/_leap/models", null).get("models");
        assertTrue(models.toString(), models.containsKey(MODEL) && models.containsKey(PUBLIC_MODEL));
        setSettings("{\"theta\": 0.95}");
    }

    /** Abstracts chunked into a nested field, the title before each window; returns how many chunks they made. */
    @SuppressWarnings("unchecked")
    private static int indexChunkedAbstracts(int n) throws Exception {
        call("PUT", "/" + CHUNKS, json(Map.of("settings", Map.of("index.knn", true, "number_of_shards", 1, "number_of_replicas", 0),
            "mappings", Map.of("properties", Map.of("chunks", Map.of("type", "nested", "properties", Map.of("knn", Map.of("type",
                "knn_vector", "dimension", 384, "method", Map.of("name", "hnsw", "engine", "lucene", "space_type", "cosinesimil")))))))));
        call("PUT", "/_ingest/pipeline/" + CHUNKS, json(Map.of("processors", List.of(Map.of("leap_text_embedding", Map.of("field_map",
            Map.of("text", "chunks"), "chunking", Map.of("max_tokens", 64, "prefix_field", "title")))))));
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> doc : sampleDocs(n)) {
            bulk.append(json(Map.of("index", Map.of("_index", CHUNKS, "_id", doc.get("_id"))))).append('\n');
            bulk.append(json(Map.of("title", doc.get("title"), "text", doc.get("text")))).append('\n');
        }
        Map<String, Object> response = call("POST", "/_bulk?refresh=true&pipeline=" + CHUNKS, bulk.toString());
        assertEquals(response.toString(), false, response.get("errors"));
        return chunkCount();
    }

    @SuppressWarnings("unchecked")
    private static int chunkCount() throws Exception {
        Map<String, Object> r = call("POST", "/" + CHUNKS + "/_search", json(Map.of("size", 0, "aggs", Map.of("c", Map.of("nested",
            Map.of("path", "chunks"))))));
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) r.get("aggregations")).get("c")).get("doc_count")).intValue();
    }

    /** After the kill: every chunk is back, and a document's own text finds it by its best chunk. */
    @SuppressWarnings("unchecked")
    private static void assertChunkedAbstractsAnswer(int n, int chunks) throws Exception {
        assertTrue("abstracts of a few hundred tokens in windows of 64 make several chunks each: " + chunks, chunks > 2 * n);
        assertEquals(chunks, chunkCount());
        Map<String, Object> doc = sampleDocs(n).get(n - 1);
        String firstSentence = ((String) doc.get("text")).split("\\. ")[0];
        Map<String, Object> r = call("POST", "/" + CHUNKS + "/_search", json(Map.of("size", 1, "_source", false, "query", Map.of(
            "leap_neural", Map.of("chunks.knn", Map.of("query_text", firstSentence, "k", 5, "inner_hits", Map.of("size", 1)))))));
        Map<String, Object> hit = ((List<Map<String, Object>>) ((Map<String, Object>) r.get("hits")).get("hits")).get(0);
        assertEquals(doc.get("_id"), hit.get("_id"));
        Map<String, Object> best = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) hit
            .get("inner_hits")).get("chunks")).get("hits")).get("hits")).get(0);
        assertEquals("the first sentence is in the first chunk", 0, ((Map<String, Object>) best.get("_nested")).get("offset"));
    }
}
