package org.leap.plugin.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;

/**
 * Eight clients at once, four sending bulks through the pipeline and four sending {@code leap_neural} queries, while θ
 * changes every three seconds: no error but 429s that carry a reason, no acknowledged document lost, and every stored
 * exit layer the one the θ stored beside it gives (checked again through the pipeline for a sample). 60 s in CI;
 * {@code -Dleap.load.seconds=300} for the long run.
 */
public class LeapLoadIT extends LeapNodeTestCase {
    private static final String INDEX = "load";
    private static final double[] THETAS = { 0.90, 0.93, 0.95, 0.97 };
    private static final int WRITERS = 4;
    private static final int READERS = 4;
    private static final int PER_BULK = 20;

    @SuppressWarnings("unchecked")
    public void testMixedLoadUnderThetaChurnLosesNothing() throws Exception {
        long seconds = Long.getLong("leap.load.seconds", 60);
        createIndexAndPipeline(INDEX, INDEX, "text");
        setSettings("{\"theta\": 0.95, \"ingest_policy\": \"early_exit\"}");
        List<String> titles = sampleDocs(2_000).stream().map(d -> (String) d.get("title")).toList();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger rejected = new AtomicInteger();
        AtomicLong queries = new AtomicLong();
        AtomicInteger nextId = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);

        List<Thread> clients = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            clients.add(new Thread(() -> {
                while (System.nanoTime() < end) {
                    StringBuilder bulk = new StringBuilder();
                    for (int i = 0; i < PER_BULK; i++) {
                        int id = nextId.getAndIncrement();
                        bulk.append("{\"index\": {\"_index\": \"" + INDEX + "\", \"_id\": \"" + id + "\"}}\n");
                        bulk.append("{\"text\": ").append(jsonText(titles.get(id % titles.size()))).append("}").append('\n');
                    }
                    Request request = new Request("POST", "/_bulk?pipeline=" + INDEX);
                    request.setJsonEntity(bulk.toString());
                    Map<String, Object> answer = send(request, errors, rejected);
                    if (answer != null) {
                        for (Object item : (List<Object>) answer.get("items")) {
                            Map<String, Object> index = (Map<String, Object>) ((Map<String, Object>) item).get("index");
                            int status = ((Number) index.get("status")).intValue();
                            if (status == 201) {
                                acknowledged.add((String) index.get("_id"));
                            } else if (status == 429 && index.get("error").toString().contains("reason=")) {
                                rejected.incrementAndGet();
                            } else {
                                errors.add("bulk item " + index);
                            }
                        }
                    }
                }
            }));
        }
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            clients.add(new Thread(() -> {
                int i = reader;
                while (System.nanoTime() < end) {
                    Request request = new Request("POST", "/" + INDEX + "/_search");
                    i += READERS;
                    request.setJsonEntity("{\"query\": {\"leap_neural\": {\"vec\": {\"query_text\": " + jsonText(titles.get(i
                        % titles.size())) + ", \"k\": 5}}}}");
                    if (send(request, errors, rejected) != null) {
                        queries.incrementAndGet();
                    }
                }
            }));
        }
        clients.forEach(Thread::start);
        int changes = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(3_000);
            setSettings("{\"theta\": " + THETAS[++changes % THETAS.length] + "}");
        }
        for (Thread client : clients) {
            client.join(TimeUnit.MINUTES.toMillis(5));
            assertFalse("a client hung", client.isAlive());
        }
        setSettings("{\"theta\": 0.95, \"ingest_policy\": \"full_depth\"}");
        String summary = String.format(java.util.Locale.ROOT, "load suite: %d s, %d clients, %d theta changes, %d documents acknowledged,"
            + " %d queries answered, %d rejected with 429, %d errors", seconds, WRITERS + READERS, changes, acknowledged.size(),
            queries.get(), rejected.get(), errors.size());
        System.out.println(summary);
        logger.info(summary);
        assertTrue("errors other than 429s:\n" + String.join("\n", errors.stream().limit(20).toList()), errors.isEmpty());
        assertTrue("no query got through", queries.get() > 0);

        call("POST", "/" + INDEX + "/_refresh", null);
        Map<String, Object> found = call("POST", "/" + INDEX + "/_count", json(Map.of("query", Map.of("bool", Map.of("filter", List.of(
            Map.of("ids", Map.of("values", List.copyOf(acknowledged))), Map.of("exists", Map.of("field", "vec_exit_layer"))))))));
        assertEquals("acknowledged documents lost", acknowledged.size(), ((Number) found.get("count")).intValue());

        // each stored exit layer is the one the stored theta gives: the same text through the pipeline at that theta
        Map<String, Object> sample = call("POST", "/" + INDEX + "/_search", json(Map.of("size", 40, "_source", List.of("text",
            "vec_theta", "vec_exit_layer"), "query", Map.of("function_score", Map.of("random_score", Map.of("seed", 15, "field",
                "_seq_no"))))));
        int checked = 0;
        for (Map<String, Object> hit : (List<Map<String, Object>>) ((Map<String, Object>) sample.get("hits")).get("hits")) {
            Map<String, Object> source = (Map<String, Object>) hit.get("_source");
            double theta = ((Number) source.get("vec_theta")).doubleValue();
            assertTrue(source.toString(), java.util.Arrays.stream(THETAS).anyMatch(t -> Math.abs(t - theta) < 1e-9));
            Map<String, Object> processor = Map.of("leap_text_embedding", Map.of("field_map", Map.of("text", "vec"), "theta", theta));
            Map<String, Object> simulate = Map.of("pipeline", Map.of("processors", List.of(processor)), "docs", List.of(Map.of("_index",
                INDEX, "_source", Map.of("text", source.get("text")))));
            Map<String, Object> simulated = call("POST", "/_ingest/pipeline/_simulate", json(simulate));
            Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) simulated.get("docs")).get(0)).get(
                "doc");
            assertEquals("exit layer of [" + source.get("text") + "] at theta " + theta, ((Number) source.get("vec_exit_layer"))
                .intValue(), ((Number) ((Map<String, Object>) doc.get("_source")).get("vec_exit_layer")).intValue());
            checked++;
        }
        assertTrue(checked > 0);
    }

    /** A JSON string of the text. */
    private static String jsonText(String text) {
        try {
            return json(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The answer, or null after recording a 429 (with a reason) or an error. */
    private static Map<String, Object> send(Request request, ConcurrentLinkedQueue<String> errors, AtomicInteger rejected) {
        try {
            Response response = client().performRequest(request);
            return entityAsMap(response);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 429 && e.getMessage().contains("\"reason\"")) {
                rejected.incrementAndGet();
            } else {
                errors.add(status + " " + e.getMessage());
            }
        } catch (Exception e) {
            errors.add(e.toString());
        }
        return null;
    }
}
