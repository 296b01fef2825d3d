package org.leap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.leap.eval.BeirDataset.Document;
import org.leap.tuning.TunedSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leap bench-node}: the plugin's speed through a running node. The same documents go through two
 * {@code leap_text_embedding} pipelines, one with the given theta and one with theta 1 (exit never fires), bulk by bulk
 * in alternating order; then {@code leap_neural} queries alternate between the two thetas. With {@code --vs-url} the two
 * sides are two nodes (or clusters) at the same theta instead, which measures what a hop to an encoder node costs.
 * With {@code --load}, query latency against offered load with degrading under load off and on (and shedding, with
 * {@code --max-queue-wait}), and the rate of the k-NN search alone, with no encode, beside the full-quality rate
 * ({@link LoadBench}); with {@code --tune}, the node's θ controller on a steady query stream ({@link TuneBench}); with
 * {@code --chunk-tokens}, the documents chunked into a nested field against the same documents whole, at the model's
 * policies. Every ratio comes from one run.
 */
@Command(name = "bench-node", mixinStandardHelpOptions = true,
    description = "Ingest docs/s and query p50/p99 through a running node: early exit vs theta=1, interleaved.")
final class BenchNodeCommand implements Callable<Integer> {
    private static final String EXIT = "leap-bench-exit";
    private static final String FULL = "leap-bench-full";
    private static final String CHUNKED = "leap-bench-chunks";

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9200", description = "node address (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--vs-url", description = "a second node or cluster: both sides run at --theta, one at --url and one here "
        + "(e.g. a single node against a cluster whose encoder is another node)")
    String vsUrl;

    @Option(names = "--model", required = true, description = "model id loaded in the node")
    String model;

    @Option(names = "--theta", defaultValue = "0.95", description = "theta of the early-exit side; with --load, the model's theta "
        + "during the sweep; with --tune, where the controller starts (default ${DEFAULT-VALUE})")
    double theta;

    @Option(names = "--docs", defaultValue = "samples/scifact/corpus-2000.jsonl", description = "JSON lines with the text field")
    Path docs;

    @Option(names = "--field", defaultValue = "title", description = "document field(s) to embed, comma-separated fields joined by a space, "
        + "e.g. title,text for SciFact title + abstract (default ${DEFAULT-VALUE})")
    String field;

    @Option(names = "--count", defaultValue = "1000", description = "documents per side (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--bulk", defaultValue = "50", description = "documents per bulk request (default ${DEFAULT-VALUE})")
    int bulk;

    @Option(names = "--queries", defaultValue = "samples/scifact/queries-train-in-subset.jsonl", description = "JSON lines with text")
    Path queries;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--load", description = "query latency against offered load, degrading under load off and on; the model runs at "
        + "--theta (set in its settings) and queries bring no theta")
    boolean load;

    @Option(names = "--measure-theta", defaultValue = "0.90", description = "with --load: the lower theta the node's controller measures "
        + "first, the evidence degrading uses (default ${DEFAULT-VALUE})")
    double measureTheta;

    @Option(names = "--floor", defaultValue = "0.5", description = "with --load: the model's degrade_min_nn10 (default ${DEFAULT-VALUE})")
    double floor;

    @Option(names = "--budget", defaultValue = "50ms", description = "with --load: the queue wait budget when degrading is on "
        + "(default ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--max-queue-wait", description = "with --load: plugins.leap.degrade.max_queue_wait when degrading is on "
        + "(e.g. 100ms): a query that waited longer for an inference thread is answered 429 (default: off)")
    String maxQueueWait;

    @Option(names = "--step-seconds", defaultValue = "8", description = "with --load: seconds per offered load and side "
        + "(default ${DEFAULT-VALUE})")
    int stepSeconds;

    @Option(names = "--clients", defaultValue = "16", description = "with --load: clients of the closed loop that measures the "
        + "sustained rates, at full quality and of the k-NN search alone (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--loads", defaultValue = "0.5,1,2,4", split = ",", description = "with --load: offered loads after the unloaded "
        + "one, as multiples of the sustained rate (default ${DEFAULT-VALUE})")
    double[] loads;

    @Option(names = "--svg", description = "with --load: write latency vs offered load as an SVG here; with --tune, θ (or the "
        + "calibration target) and NN@10 over the decisions")
    Path svg;

    @Option(names = "--tune", description = "the node's θ controller on a steady query stream: from --theta toward --target, until "
        + "--decisions decisions")
    boolean tune;

    @Option(names = "--target", defaultValue = "0.90", description = "with --tune: the model's target_nn10 (default ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--calibration-target", description = "with --tune: the calibrated exit policy, the controller moving the "
        + "calibration target from this value instead of θ (e.g. 0.95); the documents go in at the model's ingest policy")
    Double calibrationTarget;

    @Option(names = "--decisions", defaultValue = "10", description = "with --tune: decisions to watch (default ${DEFAULT-VALUE})")
    int decisions;

    @Option(names = "--chunk-tokens", description = "chunked vs whole documents instead: the documents' text field cut into windows "
        + "of at most N tokens into a nested field, against title and text whole in a plain one, both at the model's policies")
    Integer chunkTokens;

    @Option(names = "--chunk-prefix", defaultValue = "title", description = "with --chunk-tokens: title puts the document's title "
        + "before each window, none leaves it out (default ${DEFAULT-VALUE})")
    EvalBeirCommand.ChunkPrefix chunkPrefix;

    @Option(names = "--minutes", defaultValue = "30", description = "with --tune: the longest wait for them (default ${DEFAULT-VALUE})")
    int minutes;

    private final NodeHttp node = new NodeHttp();

    /**
     * One side of the comparison: where its documents go and its queries are sent, at which theta (null: the model's own
     * policies, as under the calibrated policy, where no θ decides), and whether its documents go in as chunks.
     *
     * @param searchIndex where its queries search
     * @param chunked whether the text goes into a nested field of chunks, the title before each window
     */
    private record Side(String name, String url, String index, Double theta, String searchIndex, boolean chunked) {
        Side(String name, String url, String index, Double theta) {
            this(name, url, index, theta, EXIT, false);
        }

        String vectorField() {
            return chunked ? "chunks.knn" : "vec";
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> queryTexts = readField(queries, "text", Integer.MAX_VALUE);
        if ((load ? 1 : 0) + (tune ? 1 : 0) + (chunkTokens != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--load, --tune and --chunk-tokens are three benchmarks: run them one at a time");
        }
        if (load || tune) {
            return singleIndex(readField(docs, field, count), queryTexts);
        }
        List<Document> texts = chunkTokens != null ? readDocuments(docs, count) : readField(docs, field, count).stream().map(
            text -> new Document("", text)).toList();
        List<Side> sides = chunkTokens != null ? List.of(new Side("chunked", url, CHUNKED, null, CHUNKED, true), new Side("whole", url,
            EXIT, null)) : vsUrl == null ? List.of(new Side("early_exit", url, EXIT, theta), new Side("theta_1", url, FULL, 1.0))
            : List.of(new Side("node", url, EXIT, theta), new Side("vs_node", vsUrl, EXIT, theta));
        for (Side side : sides) {
            prepare(side);
        }
        double[] ingestSeconds = new double[2];
        for (int start = 0, round = 0; start < texts.size(); start += bulk, round++) {
            List<Document> chunk = texts.subList(start, Math.min(texts.size(), start + bulk));
            for (int i = 0; i < 2; i++) {
                int side = (i + round) % 2;
                ingestSeconds[side] += timedBulk(sides.get(side), chunk, start);
            }
        }
        for (Side side : sides) {
            request(side.url(), "POST", "/" + side.index() + "/_refresh", null, false);
        }
        double[][] queryMillis = new double[2][queryTexts.size()];
        for (int q = 0; q < queryTexts.size(); q++) {
            for (int i = 0; i < 2; i++) {
                int side = (i + q) % 2;
                Side s = sides.get(side);
                String body = "{\"size\":10,\"_source\":false,\"query\":{\"leap_neural\":{" + quote(s.vectorField())
                    + ":{\"query_text\":" + quote(queryTexts.get(q)) + ",\"model_id\":" + quote(model) + ",\"k\":10"
                    + (s.theta() == null ? "" : ",\"theta\":" + s.theta()) + "}}}}";
                long begin = System.nanoTime();
                request(s.url(), "POST", "/" + s.searchIndex() + "/_search", body, false);
                queryMillis[side][q] = (System.nanoTime() - begin) / 1e6;
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model);
        report.put("theta", chunkTokens == null ? theta : "the model's policies");
        report.put("documents_per_side", texts.size());
        if (chunkTokens != null) {
            report.put("chunks", Map.of("max_tokens", chunkTokens, "prefix", chunkPrefix.name(), "count", count(sides.get(0))));
        }
        report.put("queries", queryTexts.size());
        for (int side = 0; side < 2; side++) {
            Side s = sides.get(side);
            double[] sorted = queryMillis[side].clone();
            Arrays.sort(sorted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", s.url());
            m.put("theta", s.theta());
            m.put("ingest_docs_per_s", Output.round(texts.size() / ingestSeconds[side]));
            m.put("mean_exit_layer", Output.round(meanExitLayer(s)));
            m.put("query_p50_ms", Output.round(sorted[sorted.length / 2]));
            m.put("query_p99_ms", Output.round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)]));
            report.put(s.name(), m);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) report.get(sides.get(0).name());
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) report.get(sides.get(1).name());
        report.put("ingest_ratio", Output.round((Double) first.get("ingest_docs_per_s") / (Double) second.get("ingest_docs_per_s")));
        report.put("query_p50_ratio", Output.round((Double) first.get("query_p50_ms") / (Double) second.get("query_p50_ms")));
        if (json) {
            Output.printJson(report);
        } else {
            System.out.printf("model %s, %d documents per side (%s, bulks of %d), %d queries%n", model, texts.size(), chunkTokens == null
                ? "field " + field : "title and text, chunked side " + report.get("chunks"), bulk, queryTexts.size());
            System.out.printf("             docs/s   mean exit layer   query p50 ms   p99 ms   (url, theta)%n");
            for (Side side : sides) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) report.get(side.name());
                System.out.printf("%-11s %7.1f   %15.2f   %12.1f  %7.1f   (%s, %s)%n", side.name(), m.get("ingest_docs_per_s"),
                    m.get("mean_exit_layer"), m.get("query_p50_ms"), m.get("query_p99_ms"), side.url(), side.theta());
            }
            System.out.printf("ingest docs/s %s/%s %.2fx | query p50 %s/%s %.2f%n", sides.get(0).name(), sides.get(1).name(),
                report.get("ingest_ratio"), sides.get(0).name(), sides.get(1).name(), report.get("query_p50_ratio"));
        }
        return 0;
    }

    /**
     * A fresh index with a knn_vector (inside a nested field of chunks for a chunked side) and its pipeline at the side's
     * θ, if it has one.
     */
    private void prepare(Side side) throws IOException, InterruptedException {
        String knn = "{\"type\":\"knn_vector\",\"dimension\":384,\"method\":{\"name\":\"hnsw\",\"engine\":\"lucene\","
            + "\"space_type\":\"cosinesimil\"}}";
        request(side.url(), "DELETE", "/" + side.index(), null, true);
        request(side.url(), "PUT", "/" + side.index(), "{\"settings\":{\"index.knn\":true,\"number_of_shards\":1,"
            + "\"number_of_replicas\":0},\"mappings\":{\"properties\":{" + (side.chunked() ? "\"chunks\":{\"type\":\"nested\","
            + "\"properties\":{\"knn\":" + knn + "}}" : "\"vec\":" + knn) + "}}}", false);
        String prefix = chunkPrefix == EvalBeirCommand.ChunkPrefix.title ? ",\"prefix_field\":\"title\"" : "";
        String chunking = side.chunked() ? ",\"chunking\":{\"max_tokens\":" + chunkTokens + prefix + "}" : "";
        request(side.url(), "PUT", "/_ingest/pipeline/" + side.index(), "{\"processors\":[{\"leap_text_embedding\":{\"model_id\":"
            + quote(model) + ",\"field_map\":{\"text\":" + quote(side.chunked() ? "chunks" : "vec") + "}" + chunking
            + (side.theta() == null ? "" : ",\"theta\":" + side.theta()) + "}}]}", false);
    }

    /** {@code --load} or {@code --tune}: the documents into one index, then {@link LoadBench} or {@link TuneBench}. */
    private int singleIndex(List<String> texts, List<String> queryTexts) throws IOException, InterruptedException {
        Side side = new Side(load ? "load" : "tune", url, EXIT, tune && calibrationTarget != null ? null : theta);
        prepare(side);
        TuneBench tuneBench = tune ? new TuneBench(node, url, model, EXIT, queryTexts, calibrationTarget == null ? TunedSetting.THETA
            : TunedSetting.CALIBRATION_TARGET, calibrationTarget == null ? theta : calibrationTarget, target, decisions, minutes) : null;
        if (tune) {
            tuneBench.sampleEveryDocument();
        }
        for (int start = 0; start < texts.size(); start += bulk) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + bulk));
            timedBulk(side, chunk.stream().map(text -> new Document("", text)).toList(), start);
        }
        request(url, "POST", "/" + EXIT + "/_refresh", null, false);
        Map<String, Object> report = load ? new LoadBench(node, url, model, EXIT, queryTexts, theta, measureTheta, floor, budget,
            maxQueueWait, stepSeconds, clients, loads).run(svg) : tuneBench.run(svg);
        if (json) {
            Output.printJson(report);
        } else if (load) {
            LoadBench.print(report);
        } else {
            TuneBench.print(report);
        }
        return 0;
    }

    /** A bulk of documents: the text whole, or, for a chunked side, the title and the text apart. */
    private double timedBulk(Side side, List<Document> chunk, int offset) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < chunk.size(); i++) {
            Document doc = chunk.get(i);
            body.append("{\"index\":{\"_id\":\"").append(offset + i).append("\"}}\n{");
            if (side.chunked()) {
                body.append("\"title\":").append(quote(doc.title())).append(",\"text\":").append(quote(doc.text()));
            } else {
                body.append("\"text\":").append(quote(doc.joined()));
            }
            body.append("}\n");
        }
        long begin = System.nanoTime();
        JsonNode response = request(side.url(), "POST", "/" + side.index() + "/_bulk?pipeline=" + side.index(), body.toString(), false);
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (response.path("errors").asBoolean()) {
            throw new IllegalStateException("bulk into [" + side.index() + "] at " + side.url() + " had failures: "
                + response.toString().substring(0, 400));
        }
        return seconds;
    }

    /** The mean exit layer of the side's vectors: of its documents, or of its chunks. */
    private double meanExitLayer(Side side) throws IOException, InterruptedException {
        String avg = "{\"l\":{\"avg\":{\"field\":" + quote(side.chunked() ? "chunks.exit_layer" : "vec_exit_layer") + "}}}";
        JsonNode r = request(side.url(), "POST", "/" + side.index() + "/_search", "{\"size\":0,\"aggs\":" + (side.chunked()
            ? "{\"c\":{\"nested\":{\"path\":\"chunks\"},\"aggs\":" + avg + "}}" : avg) + "}", false);
        JsonNode aggs = r.path("aggregations");
        return (side.chunked() ? aggs.path("c") : aggs).path("l").path("value").asDouble(Double.NaN);
    }

    /** The chunks a chunked side's index holds. */
    private long count(Side side) throws IOException, InterruptedException {
        JsonNode r = request(side.url(), "POST", "/" + side.index() + "/_search", "{\"size\":0,\"aggs\":{\"c\":{\"nested\":"
            + "{\"path\":\"chunks\"}}}}", false);
        return r.path("aggregations").path("c").path("doc_count").asLong();
    }

    /** Title and text of the first documents of a JSON lines corpus (BEIR's layout), those with a text. */
    private static List<Document> readDocuments(Path file, int limit) throws IOException {
        List<Document> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (out.size() >= limit) {
                break;
            }
            if (line.isBlank() == false) {
                JsonNode doc = Output.JSON.readTree(line);
                if (doc.path("text").asText("").isBlank() == false) {
                    out.add(new Document(doc.path("title").asText("").strip(), doc.path("text").asText()));
                }
            }
        }
        return out;
    }

    private JsonNode request(String base, String method, String path, String body, boolean allowMissing) throws IOException,
        InterruptedException {
        return node.request(base, method, path, body, allowMissing);
    }

    private static List<String> readField(Path file, String field, int limit) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (out.size() >= limit) {
                break;
            }
            if (line.isBlank() == false) {
                JsonNode doc = Output.JSON.readTree(line);
                String text = Arrays.stream(field.split(",")).map(f -> doc.path(f.trim()).asText("")).filter(t -> t.isBlank() == false)
                    .collect(Collectors.joining(" "));
                if (text.isBlank() == false) {
                    out.add(text);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " has no non-empty [" + field + "] values");
        }
        return out;
    }

    private static String quote(String s) {
        return NodeHttp.quote(s);
    }
}
