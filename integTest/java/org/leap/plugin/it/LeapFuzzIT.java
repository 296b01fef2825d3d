package org.leap.plugin.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;

/**
 * Malformed requests against the live node, across every endpoint of the plugin, the processor's configuration, the
 * documents it embeds and the {@code leap_neural} query: each must be answered with a 4xx that carries a reason (or the
 * 2xx the README documents for it), never a 5xx, and the node must still answer afterwards.
 */
public class LeapFuzzIT extends LeapNodeTestCase {
    private static final String INDEX = "fuzz";
    private static final String PIPELINE = "fuzz";
    private static final String MODELS = "/_plugins/_leap/models/";
    private static final String SETTINGS = MODELS + MODEL + "/_settings";
    private static final String TRAIN = MODELS + "_train";
    private static final String TASKS = "/_plugins/_leap/tasks/";

    /** One request and the answer class it must get: 4 for a 4xx with a reason, 2 for a documented 2xx. */
    private record Case(String name, String method, String path, String body, ContentType type, int expectedClass) {
        static Case bad(String name, String method, String path, String body) {
            return new Case(name, method, path, body, ContentType.APPLICATION_JSON, 4);
        }

        static Case ok(String name, String method, String path, String body) {
            return new Case(name, method, path, body, ContentType.APPLICATION_JSON, 2);
        }
    }

    public void testMalformedRequestsGetReasonsAndNoServerError() throws Exception {
        createIndexAndPipeline(INDEX, PIPELINE, "text");
        List<Case> cases = new ArrayList<>();
        modelAndTaskApis(cases);
        settingsBodies(cases);
        trainingBodies(cases);
        processorConfigs(cases);
        documents(cases);
        queries(cases);

        List<String> failures = new ArrayList<>();
        int serverErrors = 0;
        for (Case c : cases) {
            Answer answer = send(c);
            if (answer.status >= 500) {
                serverErrors++;
            }
            String problem = problem(c, answer);
            logger.info("fuzz {} {} {} -> {}", c.name, c.method, c.path, answer.status);
            if (problem != null) {
                failures.add(c.name + " (" + c.method + " " + c.path + "): " + problem);
            }
        }
        System.out.println(cases.size() + " requests, " + serverErrors + " 5xx");
        logger.info("{} requests, {} 5xx", cases.size(), serverErrors);
        assertTrue("the suite must keep at least 80 cases, has " + cases.size(), cases.size() >= 80);
        assertTrue(failures.size() + " of " + cases.size() + " answered wrongly:\n" + String.join("\n", failures), failures.isEmpty());
        assertEquals("the node must still answer", 200, client().performRequest(new Request("GET", "/_cluster/health"))
            .getStatusLine().getStatusCode());
        assertNotNull(call("GET", MODELS + MODEL, null).get("models"));
    }

    private record Answer(int status, String body) {}

    private static Answer send(Case c) throws IOException {
        Request request = new Request(c.method, c.path);
        if (c.body != null) {
            request.setEntity(new StringEntity(c.body, c.type));
        }
        try {
            Response response = client().performRequest(request);
            return new Answer(response.getStatusLine().getStatusCode(), new String(response.getEntity().getContent().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
        } catch (ResponseException e) {
            Response response = e.getResponse();
            String body = response.getEntity() == null ? "" : new String(response.getEntity().getContent().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
            return new Answer(response.getStatusLine().getStatusCode(), body);
        }
    }

    /** Null when the answer is what the case expects; otherwise what is wrong with it. */
    private static String problem(Case c, Answer answer) {
        int answerClass = answer.status / 100;
        if (answerClass != c.expectedClass) {
            return "expected " + c.expectedClass + "xx, got " + answer.status + ": " + abbreviate(answer.body);
        }
        boolean reason = answer.body.contains("\"reason\"") || answer.body.contains("\"error\":\"");
        if (answerClass == 4 && answer.status != 404 && reason == false) {
            return answer.status + " without a reason: " + abbreviate(answer.body);
        }
        if (answerClass == 2 && answer.body.contains("\"errors\":true") && answer.body.contains("\"status\":5")) {
            return "a bulk item failed with a 5xx: " + abbreviate(answer.body);
        }
        return null;
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }

    private static void modelAndTaskApis(List<Case> cases) {
        cases.add(Case.bad("unknown model", "GET", MODELS + "no-such-model", null));
        cases.add(Case.bad("model id with an encoded path", "GET", MODELS + "..%2F..%2Fetc%2Fpasswd", null));
        cases.add(Case.bad("model id of 300 characters", "GET", MODELS + "m".repeat(300), null));
        cases.add(Case.bad("delete the default model", "DELETE", MODELS + MODEL, null));
        cases.add(Case.bad("delete a shipped public model", "DELETE", MODELS + PUBLIC_MODEL, null));
        cases.add(Case.bad("delete an unknown model", "DELETE", MODELS + "no-such-model", null));
        cases.add(Case.bad("delete an encoded path", "DELETE", MODELS + "..%2F..%2Fdata", null));
        cases.add(Case.bad("drift of an unknown model", "GET", MODELS + "no-such-model/_drift", null));
        cases.add(Case.bad("drift with an unknown parameter", "GET", MODELS + MODEL + "/_drift?window=7", null));
        cases.add(Case.bad("an unknown stat", "GET", "/_plugins/_leap/stats/no_such_stat", null));
        cases.add(Case.bad("stats with an unknown parameter", "GET", "/_plugins/_leap/stats?verbose=9", null));
        cases.add(Case.bad("an unknown task", "GET", TASKS + "no-such-task", null));
        cases.add(Case.bad("a task id with an encoded path", "GET", TASKS + "..%2F..%2Fnodes", null));
        cases.add(Case.bad("cancel an unknown task", "POST", TASKS + "no-such-task/_cancel", null));
        cases.add(Case.bad("cancel with a body of garbage", "POST", TASKS + "x/_cancel", "{{{{"));
    }

    private static void settingsBodies(List<Case> cases) {
        String[] bodies = { "{}", "{\"theta\": \"high\"}", "{\"theta\": null}", "{\"theta\": NaN}", "{\"theta\": \"NaN\"}",
            "{\"theta\": 1e309}", "{\"theta\": -1}", "{\"theta\": 0}", "{\"theta\": 1.5}", "{\"theta\": [0.9]}", "{\"theta\": {\"x\": 1}}",
            "{\"k\": 0}", "{\"k\": -1}", "{\"k\": 1e12}", "{\"k\": \"one\"}", "{\"k\": 2.5}", "{\"l_min\": 100}", "{\"l_min\": -3}",
            "{\"ingest_policy\": \"sideways\"}", "{\"query_policy\": null}", "{\"query_policy\": 5}", "{\"no_such_setting\": 1}",
            "[0.9]", "\"theta\"", "theta=0.9", "{\"theta\": 0.9", deep(200) };
        for (String body : bodies) {
            cases.add(Case.bad("settings " + abbreviate(body), "PUT", SETTINGS, body));
        }
        cases.add(Case.bad("settings with no body", "PUT", SETTINGS, null));
        // OpenSearch's parser reads the first object and ignores what follows, here as in its own APIs
        cases.add(Case.ok("settings with a stray closing brace", "PUT", SETTINGS, "{\"theta\": 0.95}}"));
        cases.add(new Case("settings as text/plain", "PUT", SETTINGS, "theta 0.9", ContentType.TEXT_PLAIN, 4));
        cases.add(new Case("settings as a form", "PUT", SETTINGS, "theta=0.9", ContentType.APPLICATION_FORM_URLENCODED, 4));
        cases.add(Case.bad("settings of an unknown model", "PUT", MODELS + "no-such-model/_settings", "{\"theta\": 0.9}"));
        cases.add(Case.bad("settings of an encoded path", "PUT", MODELS + "..%2F..%2Fx/_settings", "{\"theta\": 0.9}"));
    }

    private static void trainingBodies(List<Case> cases) {
        String base = "\"name\": \"fuzz-model\", \"training_index\": \"" + INDEX + "\", \"training_field\": \"text\"";
        String[] bodies = { "{}", "[]", "{\"name\": null}", "{\"name\": \"../../etc\", \"training_index\": \"fuzz\", \"training_field\": \"text\"}",
            "{\"name\": \"\", \"training_index\": \"fuzz\", \"training_field\": \"text\"}",
            "{\"name\": \"" + "n".repeat(5000) + "\", \"training_index\": \"fuzz\", \"training_field\": \"text\"}",
            "{" + base + ", \"steps\": null}", "{" + base + ", \"steps\": \"many\"}", "{" + base + ", \"steps\": -5}",
            "{" + base + ", \"steps\": 1e15}", "{" + base + ", \"steps\": 2.5}", "{" + base + ", \"batch_size\": 0}",
            "{" + base + ", \"batch_size\": 1000000000}", "{" + base + ", \"lr\": \"NaN\"}", "{" + base + ", \"lr\": -1}",
            "{" + base + ", \"max_tokens\": 0}", "{" + base + ", \"max_tokens\": 100000}", "{" + base + ", \"loss\": \"strong\"}",
            "{" + base + ", \"loss\": {\"no_such_term\": 1}}", "{" + base + ", \"loss\": {\"direct_layer_weights\": {\"99\": 1}}}",
            "{" + base + ", \"query\": {\"match_all\": null}}", "{" + base + ", \"query\": \"everything\"}",
            "{" + base + ", \"query\": {\"no_such_query\": {}}}", "{" + base + ", \"max_sentences\": -1}",
            "{" + base + ", \"max_sentences\": 1e12}", "{" + base + ", \"eval\": 5}", "{" + base + ", \"eval\": {}}",
            "{" + base + ", \"output_dir\": \"/tmp\"}", "{" + base + ", \"no_such_key\": 1}", "{" + base + ", \"teacher\": \"no-such-model\"}",
            "{\"name\": \"fuzz-model\", \"training_index\": \"no-such-index\", \"training_field\": \"text\"}",
            "{\"name\": \"fuzz-model\", \"training_index\": \"../x\", \"training_field\": \"text\"}",
            "{\"name\": \"fuzz-model\", \"training_index\": \"fuzz\", \"training_field\": null}",
            "{\"name\": \"" + MODEL + "\", \"training_index\": \"fuzz\", \"training_field\": \"text\"}", deep(300) };
        for (String body : bodies) {
            cases.add(Case.bad("train " + abbreviate(body), "POST", TRAIN, body));
        }
        cases.add(Case.bad("train with no body", "POST", TRAIN, null));
        cases.add(new Case("train as a form", "POST", TRAIN, "name=x", ContentType.APPLICATION_FORM_URLENCODED, 4));
    }

    private static void processorConfigs(List<Case> cases) {
        String[] processors = { "{\"model_id\": 5, \"field_map\": {\"text\": \"vec\"}}",
            "{\"model_id\": \"no-such-model\", \"field_map\": {\"text\": \"vec\"}}", "{}", "{\"field_map\": {}}",
            "{\"field_map\": {\"text\": 5}}", "{\"field_map\": {\"\": \"vec\"}}", "{\"field_map\": \"text\"}",
            "{\"field_map\": {\"text\": \"vec\"}, \"batch_size\": 0}", "{\"field_map\": {\"text\": \"vec\"}, \"batch_size\": 1000000}",
            "{\"field_map\": {\"text\": \"vec\"}, \"batch_size\": \"x\"}", "{\"field_map\": {\"text\": \"vec\"}, \"theta\": 2}",
            "{\"field_map\": {\"text\": \"vec\"}, \"theta\": \"x\"}",
            "{\"field_map\": {\"text\": \"vec\"}, \"no_such_option\": true}", "{\"field_map\": {\"text\": \".\"}}",
            "{\"field_map\": {\"text\": \"_index\"}}", "{\"field_map\": {\"text\": \"vec\"}, \"exit_layer_field\": 7}" };
        for (String processor : processors) {
            cases.add(Case.bad("processor " + processor, "PUT", "/_ingest/pipeline/fuzz-bad", "{\"processors\": [{\"leap_text_embedding\": "
                + processor + "}]}"));
        }
    }

    private static void documents(List<Case> cases) throws IOException {
        String doc = "/" + INDEX + "/_doc/%d?pipeline=" + PIPELINE;
        String[] badTexts = { "\"\"", "\" \\t\\n \"", "\"\\u0000\"", "\"\\u0000\\u0001\\u0002\"", "17", "true", "{\"a\": 1}",
            "[\"fine\", 5]", "[\"fine\", \"\"]", "[[\"nested\"]]", json(" ".repeat(20_001) + "word"), "[null, \"x\"]" };
        int id = 0;
        for (String text : badTexts) {
            cases.add(Case.bad("document text " + abbreviate(text), "PUT", doc.formatted(id++), "{\"text\": " + text + "}"));
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add("text " + i);
        }
        cases.add(Case.bad("document with 1,001 texts", "PUT", doc.formatted(id++), json(Map.of("text", many))));
        cases.add(Case.ok("processor theta null (not set: the model's theta)", "PUT", "/_ingest/pipeline/fuzz-null-theta",
            "{\"processors\": [{\"leap_text_embedding\": {\"field_map\": {\"text\": \"vec\"}, \"theta\": null}}]}"));
        cases.add(Case.ok("document text null (ignore_missing)", "PUT", doc.formatted(id++), "{\"text\": null}"));
        cases.add(Case.ok("document text [] (no text: indexed without a vector)", "PUT", doc.formatted(id++), "{\"text\": []}"));
        cases.add(Case.ok("document without the field", "PUT", doc.formatted(id++), "{\"title\": \"no text\"}"));
        cases.add(Case.ok("document of 200,000 characters (cut to max_text_chars)", "PUT", doc.formatted(id++), json(Map.of("text",
            "long ".repeat(40_000)))));
        cases.add(Case.ok("document with a lone surrogate", "PUT", doc.formatted(id++), "{\"text\": \"a \\uD800 b\"}"));
        cases.add(Case.ok("document into an index that does not exist yet", "PUT", "/fuzz-new/_doc/1?pipeline=" + PIPELINE,
            "{\"text\": \"a new index\"}"));
        cases.add(Case.bad("document into an unknown pipeline", "PUT", doc.formatted(id++) + "-missing", "{\"text\": \"x\"}"));
        String bulk = "{\"index\": {\"_index\": \"fuzz\", \"_id\": \"b1\"}}\n{\"text\": \"\"}\n"
            + "{\"index\": {\"_index\": \"fuzz\", \"_id\": \"b2\"}}\n{\"text\": \"a good document\"}\n";
        cases.add(new Case("bulk with a bad and a good document", "POST", "/_bulk?pipeline=" + PIPELINE, bulk,
            ContentType.create("application/x-ndjson"), 2));
        cases.add(Case.ok("simulate with a bad document (the error is per document)", "POST", "/_ingest/pipeline/" + PIPELINE + "/_simulate?verbose=false",
            "{\"docs\": [{\"_source\": {\"text\": 17}}]}"));
    }

    private static void queries(List<Case> cases) {
        String search = "/" + INDEX + "/_search";
        String[] queries = { "{\"query_text\": null, \"k\": 5}", "{\"query_text\": \"\", \"k\": 5}",
            "{\"query_text\": \"\\u0000\", \"k\": 5}", "{\"query_text\": \"x\", \"model_id\": null, \"k\": 5}",
            "{\"query_text\": \"x\", \"model_id\": \"no-such-model\", \"k\": 5}", "{\"query_text\": \"x\", \"k\": 0}",
            "{\"query_text\": \"x\", \"k\": -1}", "{\"query_text\": \"x\", \"k\": 100000000}", "{\"query_text\": \"x\", \"k\": \"five\"}",
            "{\"query_text\": \"x\", \"k\": 5, \"theta\": 2}", "{\"query_text\": \"x\", \"k\": 5, \"theta\": \"x\"}",
            "{\"query_text\": \"x\", \"k\": 5, \"theta\": null}", "{\"query_text\": \"x\", \"k\": 5, \"min_score\": 0.5}",
            "{\"query_text\": \"x\", \"max_distance\": -1}", "{\"query_text\": \"x\", \"k\": 5, \"filter\": \"x\"}",
            "{\"query_text\": \"x\", \"k\": 5, \"filter\": {\"no_such_query\": {}}}",
            "{\"query_text\": \"x\", \"k\": 5, \"method_parameters\": {\"ef_search\": null}}",
            "{\"query_text\": \"x\", \"k\": 5, \"method_parameters\": {\"ef_search\": -1}}",
            "{\"query_text\": \"x\", \"k\": 5, \"method_parameters\": \"x\"}", "{\"query_text\": \"x\", \"k\": 5, \"no_such_field\": 1}",
            "{\"query_text\": \"x\", \"k\": 5, \"_name\": null}", "{\"query_text\": \"x\", \"k\": 5, \"boost\": \"x\"}", "[]",
            "{\"query_text\": \"x\", \"k\": 5, \"query_text\": \"y\"}" };
        for (String query : queries) {
            cases.add(Case.bad("leap_neural " + query, "POST", search, "{\"query\": {\"leap_neural\": {\"vec\": " + query + "}}}"));
        }
        // a number where a string goes is read as its text, as OpenSearch's match query does
        cases.add(Case.ok("leap_neural with a number as query_text", "POST", search,
            "{\"query\": {\"leap_neural\": {\"vec\": {\"query_text\": 5, \"k\": 5}}}}"));
        cases.add(Case.bad("leap_neural on a text field", "POST", search,
            "{\"query\": {\"leap_neural\": {\"title\": {\"query_text\": \"x\", \"k\": 5}}}}"));
        cases.add(Case.bad("leap_neural on two fields", "POST", search,
            "{\"query\": {\"leap_neural\": {\"vec\": {\"query_text\": \"x\", \"k\": 5}, \"vec2\": {\"query_text\": \"x\", \"k\": 5}}}}"));
        cases.add(Case.bad("leap_neural with no field", "POST", search, "{\"query\": {\"leap_neural\": {}}}"));
        cases.add(Case.bad("leap_neural on a field not mapped", "POST", search,
            "{\"query\": {\"leap_neural\": {\"no_such_field\": {\"query_text\": \"x\", \"k\": 5}}}}"));
        cases.add(Case.ok("leap_neural with a query of 100,000 characters (cut)", "POST", search,
            "{\"query\": {\"leap_neural\": {\"vec\": {\"query_text\": \"" + "word ".repeat(20_000) + "\", \"k\": 5}}}}"));
        cases.add(Case.bad("leap_neural in an alias filter", "POST", "/_aliases",
            "{\"actions\": [{\"add\": {\"index\": \"fuzz\", \"alias\": \"fuzz-alias\", \"filter\": {\"leap_neural\": {\"vec\": "
                + "{\"query_text\": \"x\", \"k\": 5}}}}}]}"));
    }

    /** An object nested this deep: {"a": {"a": ... }}. */
    private static String deep(int depth) {
        return "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth);
    }
}
