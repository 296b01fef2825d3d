package org.leap.plugin.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;

/**
 * Training jobs on the real node: a tiny job from an index runs through COMPLETED and its model embeds through a
 * pipeline; a second job beyond the limit is a 429 and a cancel stops a job; bad bodies are 4xx; a restart during a
 * job leaves its task FAILED. Jobs are kept tiny (bge-small to bge-small, a few steps of 8 short sentences): the node
 * has 2 shared cores.
 */
public class LeapTrainingIT extends LeapNodeTestCase {
    private static final String SOURCE = "leap-train-src";
    private static final String STS = "leap-train-sts";
    private static final int STS_PAIRS = 100;

    /** After the REST clients exist (the base class's own {@code @Before}). */
    @Before
    public void sourceIndexAndIdleNode() throws Exception {
        awaitNoActiveJob();
        if (client().performRequest(new Request("HEAD", "/" + SOURCE)).getStatusLine().getStatusCode() == 404) {
            call("PUT", "/" + SOURCE, "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0},"
                + " \"mappings\": {\"properties\": {\"text\": {\"type\": \"text\"}, \"lang\": {\"type\": \"keyword\"}}}}");
            StringBuilder bulk = new StringBuilder();
            List<String> lines = Files.readAllLines(root().resolve("samples/stsb-dev-300-sentences.txt"),
                StandardCharsets.UTF_8);
            for (String line : lines.subList(0, 300)) {
                bulk.append("{\"index\": {}}\n").append(json(Map.of("text", line, "lang", "en"))).append('\n');
            }
            Request request = new Request("POST", "/" + SOURCE + "/_bulk?refresh=true");
            request.setJsonEntity(bulk.toString());
            assertEquals(200, client().performRequest(request).getStatusLine().getStatusCode());
        }
        if (client().performRequest(new Request("HEAD", "/" + STS)).getStatusLine().getStatusCode() == 404) {
            // STS-B dev pairs: genre, file, year, id, score, sentence 1, sentence 2
            StringBuilder bulk = new StringBuilder();
            List<String> lines = Files.readAllLines(root().resolve("samples/stsb-dev-300.tsv"), StandardCharsets.UTF_8);
            for (String line : lines.subList(0, STS_PAIRS)) {
                String[] f = line.split("\t", -1);
                bulk.append("{\"index\": {}}\n").append(json(Map.of("s1", f[5], "s2", f[6], "score", Double.parseDouble(f[4]))))
                    .append('\n');
            }
            Request request = new Request("POST", "/" + STS + "/_bulk?refresh=true");
            request.setJsonEntity(bulk.toString());
            assertEquals(200, client().performRequest(request).getStatusLine().getStatusCode());
        }
    }

    private static String jobBody(String name, int steps, int evalSentences) throws IOException {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("teacher", PUBLIC_MODEL);
        body.put("student_init", PUBLIC_MODEL);
        body.put("training_index", SOURCE);
        body.put("training_field", "text");
        body.put("query", Map.of("term", Map.of("lang", "en")));
        body.put("max_sentences", 300);
        body.put("eval_sentences", evalSentences);
        body.put("steps", steps);
        body.put("batch_size", 8);
        body.put("warmup", 1);
        body.put("max_tokens", 32);
        return json(body);
    }

    private static Map<String, Object> task(String taskId) throws IOException {
        return call("GET", "/_plugins/_leap/tasks/" + taskId, null);
    }

    @SuppressWarnings("unchecked")
    private static long stepsDone(Map<String, Object> task) {
        return ((Number) ((Map<String, Object>) task.get("progress")).get("steps_done")).longValue();
    }

    /** Polls the task until its state is one of {@code states}. */
    private static Map<String, Object> awaitState(String taskId, long timeoutSeconds, String... states) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<String, Object> task = task(taskId);
        while (List.of(states).contains(task.get("state")) == false) {
            assertTrue("task did not reach " + List.of(states) + " in " + timeoutSeconds + " s: " + task, System.nanoTime() < deadline);
            Thread.sleep(500);
            task = task(taskId);
        }
        return task;
    }

    /** Polls the task until it runs and has done a step: models loaded, training under way. */
    private static Map<String, Object> awaitFirstStep(String taskId) throws Exception {
        Map<String, Object> running = awaitState(taskId, 300, "RUNNING");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (stepsDone(running) < 1) {
            assertTrue("no step done: " + running, System.nanoTime() < deadline);
            Thread.sleep(500);
            running = task(taskId);
        }
        return running;
    }

    /** Polls the models API until the model has loaded; fails if it is not there or failed to load. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitModelReady(String name) throws Exception {
        Map<String, Object> model = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (model == null || model.get("state").equals("loading")) {
            assertTrue("model did not load: " + model, System.nanoTime() < deadline);
            Thread.sleep(500);
            try {
                model = (Map<String, Object>) ((Map<String, Object>) call("GET", "/_plugins/_leap/models/" + name, null).get("models"))
                    .get(name);
            } catch (ResponseException e) {
                // not on the node yet: a restarted node adds the stored models once the cluster and its indices are up
                assertEquals(404, e.getResponse().getStatusLine().getStatusCode());
            }
        }
        assertEquals(model.toString(), "ready", model.get("state"));
        return model;
    }

    /** Jobs of other tests (or of the YAML suite) end before a test starts its own: the node runs one at a time. */
    @SuppressWarnings("unchecked")
    private static void awaitNoActiveJob() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            List<Map<String, Object>> tasks = (List<Map<String, Object>>) call("GET", "/_plugins/_leap/tasks", null).get("tasks");
            if (tasks.stream().noneMatch(t -> t.get("state").equals("CREATED") || t.get("state").equals("RUNNING"))) {
                return;
            }
            assertTrue("a training job is still active: " + tasks, System.nanoTime() < deadline);
            Thread.sleep(1000);
        }
    }

    @SuppressWarnings("unchecked")
    public void testJobFromAnIndexCompletesAndItsModelEmbeds() throws Exception {
        String name = "leap-it-" + randomAlphaOfLength(6).toLowerCase(java.util.Locale.ROOT);
        long start = System.nanoTime();
        String body = jobBody(name, 4, 32).replaceFirst("\\}$", ",\"eval\":" + json(Map.of("index", STS, "first_field", "s1",
            "second_field", "s2", "score_field", "score")) + "}");
        Map<String, Object> created = call("POST", "/_plugins/_leap/models/_train", body);
        assertEquals("CREATED", created.get("status"));
        assertEquals(name, created.get("model_id"));
        String taskId = (String) created.get("task_id");

        Map<String, Object> done = awaitState(taskId, 600, "COMPLETED", "FAILED", "CANCELLED");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(done.toString(), "COMPLETED", done.get("state"));
        Map<String, Object> progress = (Map<String, Object>) done.get("progress");
        assertEquals(4, ((Number) progress.get("steps_done")).intValue());
        assertEquals(100.0, ((Number) progress.get("percent")).doubleValue(), 0);
        assertTrue(progress.toString(), ((Map<String, Object>) progress.get("last_loss")).containsKey("loss"));
        assertEquals(268, ((Number) ((Map<String, Object>) done.get("job")).get("sentences")).intValue());
        Map<String, Object> metrics = (Map<String, Object>) done.get("metrics");
        double exitRate = ((Number) metrics.get("exit_rate")).doubleValue();
        double reduction = ((Number) metrics.get("layer_reduction")).doubleValue();
        assertTrue(metrics.toString(), exitRate >= 0 && exitRate <= 1);
        assertTrue(metrics.toString(), reduction >= 1 && reduction <= 12);
        assertEquals(32, ((Number) metrics.get("eval_sentences")).intValue());
        assertEquals(STS_PAIRS, ((Number) metrics.get("eval_pairs")).intValue());
        // four tiny steps leave bge-small close to where it started: its STS-B Spearman is far above chance
        assertTrue(metrics.toString(), ((Number) metrics.get("eval_spearman_full_depth")).doubleValue() > 0.6);
        assertTrue(metrics.toString(), ((Number) metrics.get("eval_spearman")).doubleValue() > 0.5);
        logger.info("training job of 268 sentences, 4 steps of batch 8: {} s from request to COMPLETED; metrics {}", seconds, metrics);

        // the model is stored, listed with its training metrics, and loads on the node
        Map<String, Object> model = awaitModelReady(name);
        assertEquals(metrics.get("exit_rate"), ((Map<String, Object>) model.get("training")).get("exit_rate"));

        // and a pipeline embeds with it
        call("PUT", "/leap-trained", """
            {"settings": {"index.knn": true, "number_of_shards": 1, "number_of_replicas": 0},
             "mappings": {"properties": {"text": {"type": "text"}, "vec": {"type": "knn_vector", "dimension": 384,
               "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}}""");
        call("PUT", "/_ingest/pipeline/leap-trained", """
            {"processors": [{"leap_text_embedding": {"model_id": "%s", "field_map": {"text": "vec"}}}]}""".formatted(name));
        call("PUT", "/leap-trained/_doc/1?pipeline=leap-trained&refresh=true", json(Map.of("text", "A man is playing a guitar.")));
        Map<String, Object> source = (Map<String, Object>) call("GET", "/leap-trained/_doc/1", null).get("_source");
        assertEquals(384, ((List<?>) source.get("vec")).size());
        assertEquals(name, source.get("vec_model_id"));

        // the name is taken now
        ResponseException e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/models/_train",
            jobBody(name, 4, 32)));
        assertEquals(409, e.getResponse().getStatusLine().getStatusCode());
    }

    @SuppressWarnings("unchecked")
    public void testASecondJobIsA429AndACancelStopsTheFirst() throws Exception {
        String name = "leap-it-cancel";
        String taskId = (String) call("POST", "/_plugins/_leap/models/_train", jobBody(name, 500, 0)).get("task_id");
        ResponseException e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/models/_train",
            jobBody("leap-it-second", 4, 0)));
        assertEquals(429, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8).contains(
            "plugins.leap.training.max_concurrent_jobs"));
        // the refused job left the first one's record alone
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) call("GET", "/_plugins/_leap/tasks", null).get("tasks");
        assertEquals(taskId, tasks.get(0).get("task_id"));

        awaitFirstStep(taskId);
        long cancelAt = System.nanoTime();
        call("POST", "/_plugins/_leap/tasks/" + taskId + "/_cancel", null);
        Map<String, Object> cancelled = awaitState(taskId, 120, "CANCELLED", "FAILED", "COMPLETED");
        double seconds = (System.nanoTime() - cancelAt) / 1e9;
        logger.info("cancel to CANCELLED: {} s", seconds);
        assertEquals(cancelled.toString(), "CANCELLED", cancelled.get("state"));
        assertTrue(stepsDone(cancelled) < 500);
        assertTrue(cancelled.toString(), ((String) cancelled.get("failure")).startsWith("cancelled at step "));

        // no half model
        e = expectThrows(ResponseException.class, () -> call("GET", "/_plugins/_leap/models/" + name, null));
        assertEquals(404, e.getResponse().getStatusLine().getStatusCode());
        e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/tasks/" + taskId + "/_cancel", null));
        assertEquals(409, e.getResponse().getStatusLine().getStatusCode());
    }

    public void testBadBodiesAre4xxWithAReason() throws Exception {
        ResponseException e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/models/_train",
            "{\"name\": \"x\", \"teacher\": \"" + PUBLIC_MODEL + "\"}"));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/models/_train",
            jobBody("x", 4, 32).replace("\"batch_size\":8", "\"batch_size\":8,\"lr\":3")));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8).contains(
            "[lr] must be in (0, 1), got 3.0"));
        e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/models/_train",
            jobBody("x", 4, 32).replace(SOURCE, "leap-no-such-index")));
        assertEquals(404, e.getResponse().getStatusLine().getStatusCode());
        e = expectThrows(ResponseException.class, () -> call("POST", "/_plugins/_leap/models/_train",
            jobBody("x", 4, 32).replace("\"student_init\":\"" + PUBLIC_MODEL + "\"", "\"student_init\":\"e5-nope\"")));
        assertEquals(404, e.getResponse().getStatusLine().getStatusCode());
    }

    /**
     * A node killed (SIGKILL) while a job runs: once it is back, the job goes on from its last checkpoint (RUNNING
     * again, with {@code resumed_from_step}) and completes; a model stored before comes back with its metrics.
     */
    @SuppressWarnings("unchecked")
    public void testAJobGoesOnFromItsCheckpointAfterItsNodeIsKilled() throws Exception {
        String kept = "leap-it-kept-" + randomAlphaOfLength(6).toLowerCase(java.util.Locale.ROOT);
        String keptTask = (String) call("POST", "/_plugins/_leap/models/_train", jobBody(kept, 4, 32)).get("task_id");
        Map<String, Object> completed = awaitState(keptTask, 600, "COMPLETED", "FAILED", "CANCELLED");
        assertEquals(completed.toString(), "COMPLETED", completed.get("state"));

        String body = jobBody("leap-it-resumed", 60, 0).replaceFirst("\\}$", ",\"checkpoint_every\":20}");
        String taskId = (String) call("POST", "/_plugins/_leap/models/_train", body).get("task_id");
        Map<String, Object> running = awaitSteps(taskId, 22);
        crashAndRestartNode();
        Map<String, Object> resumed = task(taskId);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (resumed.get("resumed_from_step") == null && "RUNNING".equals(resumed.get("state"))) {
            assertTrue("the job did not resume: " + resumed, System.nanoTime() < deadline);
            Thread.sleep(500);
            resumed = task(taskId);
        }
        assertEquals(resumed.toString(), 20, ((Number) resumed.get("resumed_from_step")).intValue());
        assertEquals(running.get("node"), resumed.get("node"));
        Map<String, Object> done = awaitState(taskId, 600, "COMPLETED", "FAILED", "CANCELLED");
        assertEquals(done.toString(), "COMPLETED", done.get("state"));
        assertEquals(60, ((Number) ((Map<String, Object>) done.get("metrics")).get("steps")).intValue());
        awaitModelReady("leap-it-resumed");

        // the model trained before the restart comes back from its stored chunks, with its metrics
        Map<String, Object> model = awaitModelReady(kept);
        assertEquals(((Map<String, Object>) completed.get("metrics")).get("exit_rate"),
            ((Map<String, Object>) model.get("training")).get("exit_rate"));
        assertEquals(completed.toString(), "COMPLETED", task(keptTask).get("state"));
    }

    private static Map<String, Object> awaitSteps(String taskId, long steps) throws Exception {
        Map<String, Object> running = awaitFirstStep(taskId);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (stepsDone(running) < steps) {
            assertTrue("fewer than " + steps + " steps done: " + running, System.nanoTime() < deadline);
            assertEquals(running.toString(), "RUNNING", running.get("state"));
            Thread.sleep(200);
            running = task(taskId);
        }
        return running;
    }
}
