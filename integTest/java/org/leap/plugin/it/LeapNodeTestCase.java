package org.leap.plugin.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.test.rest.OpenSearchRestTestCase;

/**
 * What the integration tests against the real node (integTest/node.sh) share: JSON calls, the shipped SciFact sample,
 * a knn_vector index with a leap_text_embedding pipeline, and the model's settings.
 */
public abstract class LeapNodeTestCase extends OpenSearchRestTestCase {
    /** The node's default model, the LEAP-trained one: what a query or pipeline naming no model uses. */
    protected static final String MODEL = "leap-bge-small";
    /** The public model it was trained from, loaded beside it ({@code plugins.leap.models}). */
    protected static final String PUBLIC_MODEL = "bge-small-en-v1.5";
    protected static final int LAYERS = 12;

    /**
     * The suites share one node and name their indices apart; wiping them after each would also hit the plugin's system
     * indices once a job has run, which OpenSearch's wipe refuses with a warning per index.
     */
    @Override
    protected boolean preserveIndicesUponCompletion() {
        return true;
    }

    @Override
    protected Settings restClientSettings() {
        // a bulk of abstracts through a 2-core CPU encoder takes longer than the default 60 s socket timeout
        return Settings.builder().put(super.restClientSettings()).put(CLIENT_SOCKET_TIMEOUT, "10m").build();
    }

    protected static Path root() {
        return Path.of(System.getProperty("leap.root", "."));
    }

    protected static Map<String, Object> call(String method, String path, String body) throws IOException {
        Request request = new Request(method, path);
        if (body != null) {
            request.setJsonEntity(body);
        }
        Response response = client().performRequest(request);
        return entityAsMap(response);
    }

    protected static String json(Object value) throws IOException {
        return MediaTypeRegistry.JSON.contentBuilder().value(value).toString();
    }

    /** The first n objects of a JSON-lines file of the repository. */
    protected static List<Map<String, Object>> jsonLines(String file, int n) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(root().resolve(file), StandardCharsets.UTF_8)) {
            try (XContentParser p = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY,
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION, line)) {
                out.add(p.map());
            }
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }

    protected static List<Map<String, Object>> sampleDocs(int n) throws IOException {
        return jsonLines("samples/scifact/corpus-2000.jsonl", n);
    }

    /** An index with a 384-dim lucene knn_vector {@code vec}, and a pipeline embedding {@code source} into it. */
    protected static void createIndexAndPipeline(String index, String pipeline, String source) throws IOException {
        createIndexAndPipeline(index, pipeline, source, MODEL);
    }

    protected static void createIndexAndPipeline(String index, String pipeline, String source, String model) throws IOException {
        call("PUT", "/" + index, """
            {"settings": {"index.knn": true, "number_of_shards": 1, "number_of_replicas": 0},
             "mappings": {"properties": {"title": {"type": "text"}, "text": {"type": "text"},
               "vec": {"type": "knn_vector", "dimension": 384,
                       "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}}""");
        call("PUT", "/_ingest/pipeline/" + pipeline, """
            {"processors": [{"leap_text_embedding": {"model_id": "%s", "field_map": {"%s": "vec"}, "batch_size": 64}}]}"""
            .formatted(model, source));
    }

    /** The first n SciFact titles, indexed through the pipeline in one bulk and refreshed. */
    protected static void indexTitles(String index, String pipeline, int n) throws IOException {
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> doc : sampleDocs(n)) {
            bulk.append(json(Map.of("index", Map.of("_index", index, "_id", doc.get("_id"))))).append('\n');
            bulk.append(json(Map.of("title", doc.get("title")))).append('\n');
        }
        Map<String, Object> indexed = call("POST", "/_bulk?pipeline=" + pipeline + "&refresh=true", bulk.toString());
        assertEquals(indexed.toString(), false, indexed.get("errors"));
    }

    protected static void setSettings(String body) throws IOException {
        setSettings(MODEL, body);
    }

    protected static void setSettings(String model, String body) throws IOException {
        call("PUT", "/_plugins/_leap/models/" + model + "/_settings", body);
    }

    /** Sets one transient node setting through {@code _cluster/settings}; null resets it to its default. */
    protected static void transientClusterSetting(String key, String value) throws IOException {
        call("PUT", "/_cluster/settings", "{\"transient\": {\"" + key + "\": " + (value == null ? "null" : json(value)) + "}}");
    }

    protected static Map<String, Object> modelSettings() throws IOException {
        return modelSettings(MODEL);
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> modelSettings(String model) throws IOException {
        Map<String, Object> models = (Map<String, Object>) call("GET", "/_plugins/_leap/models/" + model, null).get("models");
        return (Map<String, Object>) ((Map<String, Object>) models.get(model)).get("settings");
    }

    /** Where integTest/node.sh and cluster.sh keep their nodes: {@code LEAP_NODE_DIR}, or target/integTest. */
    protected static Path integTestDir() {
        String work = System.getenv("LEAP_NODE_DIR");
        return work == null ? root().resolve("target/integTest") : Path.of(work);
    }

    /** The path.data of node.sh's node. */
    protected static Path nodeData() {
        return integTestDir().resolve("opensearch-3.5.0/data");
    }

    /** Restarts the node through the same script that started it; data and cluster state stay. */
    protected static void restartNode() throws Exception {
        node("restart");
    }

    /** Kills the node with SIGKILL (no shutdown at all), then starts it again on the same data. */
    protected static void crashAndRestartNode() throws Exception {
        node("crash-restart");
    }

    private static void node(String command) throws Exception {
        Process p = new ProcessBuilder(root().resolve("integTest/node.sh").toString(), command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue("integTest/node.sh " + command + " took over 5 minutes", p.waitFor(5, TimeUnit.MINUTES));
        assertEquals("integTest/node.sh " + command + " failed", 0, p.exitValue());
    }
}
