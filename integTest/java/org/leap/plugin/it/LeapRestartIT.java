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
 * document a bulk answered 201 for is there with its vector and exit layer, and the model's settings and the models
 * are as they were. (A job killed mid-training is {@link LeapTrainingIT}'s.)
 */
public class LeapRestartIT extends LeapNodeTestCase {
    private static final String INDEX = "restart-bulk";
    private static final int PER_BULK = 50;

    @SuppressWarnings("unchecked")
    public void testNoAcknowledgedDocumentIsLostWhenTheNodeIsKilledMidBulk() throws Exception {
        createIndexAndPipeline(INDEX, INDEX, "text");
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

        assertEquals(0.93, ((Number) modelSettings().get("theta")).doubleValue(), 1e-9);
        Map<String, Object> models = (Map<String, Object>) call("GET", "/_plugins/_leap/models", null).get("models");
        assertTrue(models.toString(), models.containsKey(MODEL) && models.containsKey(PUBLIC_MODEL));
        setSettings("{\"theta\": 0.95}");
    }
}
