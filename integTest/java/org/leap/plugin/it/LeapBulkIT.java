package org.leap.plugin.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.opensearch.client.Request;

/**
 * Ten thousand short SciFact texts through the ingest pipeline in bulks of 500, one document in a hundred bad (empty,
 * blank, control characters only, a number, an object, a boolean, an array holding a non-string, nothing but spaces up
 * to {@code max_text_chars}): every good document must be indexed with its vector and exit layer, every bad one fail
 * alone with a 400 and its reason, whatever its batch-mates are. Counted, not sampled.
 */
public class LeapBulkIT extends LeapNodeTestCase {
    private static final int DOCUMENTS = 10_000;
    private static final int PER_BULK = 500;
    private static final String[] BAD_SOURCES = { "{\"text\": \"\"}", "{\"text\": \" \\t \"}", "{\"text\": \"\\u0000\\u0007\"}",
        "{\"text\": 17}", "{\"text\": {\"a\": 1}}", "{\"text\": true}", "{\"text\": [\"fine\", 5]}", "{\"text\": [\"fine\", \"\"]}" };

    @SuppressWarnings("unchecked")
    public void testOneBadDocumentInAHundredFailsAloneAndNoGoodOneIsLost() throws Exception {
        createIndexAndPipeline("bulk", "bulk", "text");
        List<String> texts = shortTexts();
        Random random = new Random(14);
        Set<Integer> bad = new HashSet<>();
        while (bad.size() < DOCUMENTS / 100) {
            bad.add(random.nextInt(DOCUMENTS));
        }
        String spaces = json(Map.of("text", " ".repeat(20_001) + "word"));

        Map<Integer, String> failures = new HashMap<>();
        int created = 0;
        long start = System.nanoTime();
        for (int from = 0; from < DOCUMENTS; from += PER_BULK) {
            StringBuilder bulk = new StringBuilder();
            for (int i = from; i < from + PER_BULK; i++) {
                bulk.append("{\"index\": {\"_index\": \"bulk\", \"_id\": \"").append(i).append("\"}}\n");
                if (bad.contains(i)) {
                    bulk.append(i % 9 == 8 ? spaces : BAD_SOURCES[i % BAD_SOURCES.length]);
                } else {
                    bulk.append(json(Map.of("text", texts.get(i % texts.size()))));
                }
                bulk.append('\n');
            }
            Request request = new Request("POST", "/_bulk?pipeline=bulk");
            request.setJsonEntity(bulk.toString());
            List<Map<String, Object>> items = (List<Map<String, Object>>) entityAsMap(client().performRequest(request)).get("items");
            assertEquals(PER_BULK, items.size());
            for (int i = 0; i < PER_BULK; i++) {
                Map<String, Object> item = (Map<String, Object>) items.get(i).get("index");
                int id = Integer.parseInt((String) item.get("_id"));
                int status = ((Number) item.get("status")).intValue();
                if (status == 201) {
                    created++;
                    assertFalse("bad document " + id + " was indexed", bad.contains(id));
                } else {
                    failures.put(id, status + " " + item.get("error"));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        logger.info("bulk suite: {} documents in {} s ({} docs/s), {} created, {} refused", DOCUMENTS, seconds, DOCUMENTS / seconds,
            created, failures.size());

        for (Map.Entry<Integer, String> failure : failures.entrySet()) {
            assertTrue("good document " + failure.getKey() + " was lost: " + failure.getValue(), bad.contains(failure.getKey()));
            assertTrue(failure.getValue(), failure.getValue().startsWith("400 "));
            assertTrue(failure.getValue(), failure.getValue().contains("reason="));
        }
        assertEquals("every bad document refused", bad.size(), failures.size());
        assertEquals(DOCUMENTS - bad.size(), created);

        call("POST", "/bulk/_refresh", null);
        assertEquals(DOCUMENTS - bad.size(), count("{\"exists\": {\"field\": \"vec\"}}"));
        assertEquals(DOCUMENTS - bad.size(), count("{\"range\": {\"vec_exit_layer\": {\"gte\": 1, \"lte\": " + LAYERS + "}}}"));
        assertEquals(DOCUMENTS - bad.size(), count("{\"match_all\": {}}"));
        System.out.println("bulk suite: " + DOCUMENTS + " documents, " + bad.size() + " bad refused alone, 0 lost");
    }

    /**
     * A document whose target field cannot be written (its parent is a string) fails alone when the vectors come back:
     * before, the failed write answered the whole batch a second time, with that document's reason.
     */
    @SuppressWarnings("unchecked")
    public void testADocumentThatCannotHoldItsVectorFailsAlone() throws Exception {
        call("PUT", "/_ingest/pipeline/nested-target", """
            {"processors": [{"leap_text_embedding": {"field_map": {"text": "meta.vec"}}}]}""");
        String bulk = """
            {"index": {"_index": "nested-target", "_id": "good-1"}}
            {"text": "a document with room for its vector"}
            {"index": {"_index": "nested-target", "_id": "bad"}}
            {"text": "a document whose meta is a string", "meta": "not an object"}
            {"index": {"_index": "nested-target", "_id": "good-2"}}
            {"text": "another document with room for its vector", "meta": {"source": "x"}}
            """;
        Request request = new Request("POST", "/_bulk?pipeline=nested-target&refresh=true");
        request.setJsonEntity(bulk);
        List<Map<String, Object>> items = (List<Map<String, Object>>) entityAsMap(client().performRequest(request)).get("items");
        Map<String, Object> bad = (Map<String, Object>) items.get(1).get("index");
        assertEquals(bad.toString(), 400, bad.get("status"));
        for (int i : new int[] { 0, 2 }) {
            Map<String, Object> good = (Map<String, Object>) items.get(i).get("index");
            assertEquals(good.toString(), 201, good.get("status"));
            Map<String, Object> source = (Map<String, Object>) call("GET", "/nested-target/_doc/" + good.get("_id"), null).get("_source");
            assertEquals(384, ((List<?>) ((Map<String, Object>) source.get("meta")).get("vec")).size());
        }
    }

    /**
     * A batch of 600 documents on a node whose encodes take at most 256 texts ({@code plugins.leap.encode.max_texts},
     * set for the test node) goes to the encoder as three encodes, and every document is embedded.
     */
    @SuppressWarnings("unchecked")
    public void testABatchAboveTheEncodeLimitIsSplit() throws Exception {
        call("PUT", "/_ingest/pipeline/split", """
            {"processors": [{"leap_text_embedding": {"field_map": {"text": "vec"}, "batch_size": 600}}]}""");
        StringBuilder bulk = new StringBuilder();
        List<String> texts = shortTexts();
        for (int i = 0; i < 600; i++) {
            bulk.append("{\"index\": {\"_index\": \"split\", \"_id\": \"").append(i).append("\"}}\n");
            bulk.append(json(Map.of("text", texts.get(i)))).append('\n');
        }
        long before = ingestRequests();
        Request request = new Request("POST", "/_bulk?pipeline=split&refresh=true");
        request.setJsonEntity(bulk.toString());
        Map<String, Object> result = entityAsMap(client().performRequest(request));
        assertEquals(result.toString().substring(0, 300), false, result.get("errors"));
        assertEquals("600 texts in encodes of at most 256", 3, ingestRequests() - before);
        assertEquals(600, ((Number) call("POST", "/split/_count", "{\"query\": {\"exists\": {\"field\": \"vec\"}}}").get("count"))
            .intValue());
    }

    @SuppressWarnings("unchecked")
    private static long ingestRequests() throws Exception {
        Map<String, Object> stats = call("GET", "/_plugins/_leap/_local/stats/models", null);
        Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) stats.get("nodes")).values().iterator().next();
        Map<String, Object> model = (Map<String, Object>) ((Map<String, Object>) node.get("models")).get(MODEL);
        return ((Number) ((Map<String, Object>) model.get("ingest")).get("requests")).longValue();
    }

    private static int count(String query) throws Exception {
        return ((Number) call("POST", "/bulk/_count", "{\"query\": " + query + "}").get("count")).intValue();
    }

    /** Titles and the sentences of the shipped SciFact abstracts: short texts, all different. */
    private static List<String> shortTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Map<String, Object> doc : sampleDocs(2_000)) {
            texts.add((String) doc.get("title"));
            for (String sentence : ((String) doc.get("text")).split("(?<=\\.) ")) {
                if (sentence.isBlank() == false && sentence.length() < 400) {
                    texts.add(sentence);
                }
            }
        }
        assertTrue(texts.size() >= DOCUMENTS);
        return texts.subList(0, DOCUMENTS);
    }
}
