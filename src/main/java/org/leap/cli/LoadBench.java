package org.leap.cli;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code leap bench-node --load}: {@code leap_neural} query latency against offered load, with degrading under load off
 * and on, in one run. First the node's θ controller measures the model at a lower θ on live queries (the only evidence
 * the node degrades on); then the queries the node sustains at full quality are measured with a closed loop of clients;
 * then, with the same closed loop, plain k-NN searches of the index's own document vectors, with no encode at all: what
 * the search around the encode alone sustains, the ceiling of any encode depth. Then each offered load (unloaded, then
 * fractions and multiples of the full-quality rate) runs for a fixed time with degrading off
 * (budget 0) and on, alternately, so that both sides share the machine's moments. Queries bring no θ of their own (one
 * that does is never degraded). With a max queue wait, the runs with degrading on also shed: a query that waited longer
 * for an inference thread is answered 429 ({@code plugins.leap.degrade.max_queue_wait}; 0 in the runs with degrading
 * off). A load is offered open loop, at its rate whatever the answers do, and each latency runs from the moment its
 * query was due, so a queue that builds up shows in the latency instead of slowing the offer. The latencies are those
 * of the answered (200) queries alone; 429s are counted apart, since a query shed at once would pull them down.
 */
final class LoadBench {
    private static final String BUDGET = "plugins.leap.degrade.queue_wait_budget";
    private static final String MAX_QUEUE_WAIT = "plugins.leap.degrade.max_queue_wait";
    /** Documents whose vectors are the k-NN searches' query vectors. */
    private static final int QUERY_VECTORS = 200;

    /** What one offered load gave with degrading off or on; the percentiles are of the answered (200) queries. */
    record Result(double offeredQps, double achievedQps, double p50Millis, double p99Millis, int ok, int rejected, int errors,
        int degraded) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offered_qps", Output.round(offeredQps));
            m.put("achieved_qps", Output.round(achievedQps));
            m.put("answered_p50_ms", Output.round(p50Millis));
            m.put("answered_p99_ms", Output.round(p99Millis));
            m.put("ok", ok);
            m.put("rejected_429", rejected);
            m.put("errors", errors);
            m.put("degraded", degraded);
            return m;
        }
    }

    private final NodeHttp node;
    private final String url;
    private final String model;
    private final String index;
    private final List<String> queries;
    private final double theta;
    private final double measureTheta;
    private final double floor;
    private final String budget;
    private final String maxQueueWait;
    private final int stepSeconds;
    private final int clients;
    private final double[] multiples;
    private int next;

    /**
     * @param theta the model's θ during the sweep, what a query runs at when not degraded
     * @param measureTheta the lower θ the controller measures first
     * @param floor the model's {@code degrade_min_nn10} during the sweep
     * @param budget the queue wait budget with degrading on
     * @param maxQueueWait the max queue wait with degrading on, past which queries are shed; null for none
     * @param multiples the offered loads after the unloaded one, as multiples of the sustained rate
     */
    LoadBench(NodeHttp node, String url, String model, String index, List<String> queries, double theta, double measureTheta, double floor,
        String budget, String maxQueueWait, int stepSeconds, int clients, double[] multiples) {
        this.node = node;
        this.url = url;
        this.model = model;
        this.index = index;
        this.queries = queries;
        this.theta = theta;
        this.measureTheta = measureTheta;
        this.floor = floor;
        this.budget = budget;
        this.maxQueueWait = maxQueueWait;
        this.stepSeconds = stepSeconds;
        this.clients = clients;
        this.multiples = multiples;
    }

    Map<String, Object> run(Path svg) throws IOException, InterruptedException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model);
        report.put("theta", theta);
        report.put("degrade_min_nn10", floor);
        report.put("budget", budget);
        report.put("max_queue_wait", maxQueueWait);
        report.put("latencies", "p50 and p99 of the answered (200) queries, from when each was due; 429s counted apart");
        report.put("step_seconds", stepSeconds);
        JsonNode evidence = measure();
        report.put("evidence", Output.JSON.convertValue(evidence, Map.class));
        String modelPath = "/_plugins/_leap/models/" + model + "/_settings";
        node.request(url, "PUT", modelPath, "{\"theta\":" + theta + ",\"drift.sample_rate\":0,\"degrade_min_nn10\":" + floor + "}", false);
        try {
            degrading(false);
            ClosedLoop closedLoop = new ClosedLoop(node.client(), clients, stepSeconds);
            double sustained = closedLoop.answeredPerSecond(queries.stream().map(q -> search(NodeHttp.leapNeuralSearch(model, q)))
                .toList());
            report.put("sustained_qps_full_quality", Output.round(sustained));
            List<HttpRequest> knn = DocumentVectorSearches.fetch(node, url, index, QUERY_VECTORS).stream().map(this::search).toList();
            double searchAlone = closedLoop.answeredPerSecond(knn);
            report.put("search_alone_query_vectors", knn.size());
            report.put("sustained_qps_search_alone", Output.round(searchAlone));
            report.put("search_alone_over_full_quality", Output.round(searchAlone / sustained));
            List<Map<String, Object>> rows = new ArrayList<>();
            List<double[]> chart = new ArrayList<>();
            for (int level = 0; level <= multiples.length; level++) {
                double offered = level == 0 ? 0 : multiples[level - 1] * sustained;
                degrading(false);
                Result off = level == 0 ? unloaded() : offer(offered);
                degrading(true);
                Result on = level == 0 ? unloaded() : offer(offered);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("load", level == 0 ? "unloaded" : multiples[level - 1] + "x");
                row.put("degrade_off", off.toMap());
                row.put("degrade_on", on.toMap());
                rows.add(row);
                chart.add(new double[] { offered, off.p50Millis(), off.p99Millis(), on.p50Millis(),
                    on.p99Millis() });
            }
            report.put("levels", rows);
            if (svg != null) {
                LoadChart.write(svg, model, theta, chart);
            }
        } finally {
            node.request(url, "PUT", "/_cluster/settings", "{\"transient\":{\"" + BUDGET + "\":null,\"" + MAX_QUEUE_WAIT + "\":null}}",
                false);
            node.request(url, "PUT", modelPath, "{\"degrade_min_nn10\":null,\"drift.sample_rate\":0.01}", false);
        }
        return report;
    }

    /**
     * Has the node's θ controller take one decision at {@code measureTheta} from live queries, then turns it off: the
     * decision (θ, samples, NN@10 and its lower bound) is what degrading may use.
     */
    private JsonNode measure() throws IOException, InterruptedException {
        ControllerFeed feed = new ControllerFeed(node, url, model, index, this::nextQuery);
        int before = feed.decisions().size();
        node.request(url, "PUT", "/_plugins/_leap/models/" + model + "/_settings", "{\"theta\":" + measureTheta
            + ",\"drift.sample_rate\":1.0,\"target_nn10\":" + floor + ",\"auto_tune\":true}", false);
        List<JsonNode> decisions = feed.until(before, 1, System.nanoTime() + TimeUnit.MINUTES.toNanos(10), "in 10 minutes; is "
            + "plugins.leap.tune.interval short and plugins.leap.tune.min_samples low enough for a benchmark (e.g. 1s and 20)?");
        node.request(url, "PUT", "/_plugins/_leap/models/" + model + "/_settings", "{\"auto_tune\":false}", false);
        return decisions.get(decisions.size() - 1);
    }

    /** One client, one query at a time: latency with no queue. */
    private Result unloaded() throws InterruptedException {
        List<long[]> done = new ArrayList<>();
        long begin = System.nanoTime();
        long end = begin + TimeUnit.SECONDS.toNanos(stepSeconds);
        while (System.nanoTime() < end) {
            long due = System.nanoTime();
            try {
                done.add(outcome(send().get(), due));
            } catch (ExecutionException e) {
                done.add(new long[] { -1, System.nanoTime() - due, 0 });
            }
        }
        return result(0, done, (System.nanoTime() - begin) / 1e9);
    }

    /** Queries sent at {@code qps} for the step, each when due, then every answer awaited. */
    private Result offer(double qps) throws InterruptedException {
        ConcurrentLinkedQueue<long[]> done = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long begin = System.nanoTime();
        long count = Math.round(qps * stepSeconds);
        for (long i = 0; i < count; i++) {
            long due = begin + Math.round(i * 1e9 / qps);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pending.add(send().handle((r, e) -> done.add(e == null ? outcome(r, due) : new long[] { -1, System.nanoTime() - due, 0 })));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - begin) / 1e9;
        Thread.sleep(1_500); // the queue waits of this load leave the node's one-second window before the next
        return result(qps, new ArrayList<>(done), seconds);
    }

    /** The next {@code leap_neural} query, sent. */
    private CompletableFuture<HttpResponse<String>> send() {
        return node.client().sendAsync(search(NodeHttp.leapNeuralSearch(model, nextQuery())), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest search(String body) {
        return NodeHttp.build(url, "POST", "/" + index + "/_search", body);
    }

    /** {status, nanos from due to answer, 1 when the query ran degraded}. */
    private static long[] outcome(HttpResponse<String> r, long due) {
        return new long[] { r.statusCode(), System.nanoTime() - due, r.body().contains(",degraded=true") ? 1 : 0 };
    }

    /**
     * @param done per query {status, nanos from due to answer, 1 when degraded}; only the 200s make the percentiles: a
     *     429 answered at once would otherwise pull them down
     */
    static Result result(double offered, List<long[]> done, double seconds) {
        int ok = 0, rejected = 0, errors = 0, degraded = 0;
        List<Long> okNanos = new ArrayList<>();
        for (long[] d : done) {
            if (d[0] == 200) {
                ok++;
                okNanos.add(d[1]);
                degraded += (int) d[2];
            } else if (d[0] == 429) {
                rejected++;
            } else {
                errors++;
            }
        }
        long[] sorted = okNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(offered, ok / seconds, percentileMillis(sorted, 0.50), percentileMillis(sorted, 0.99), ok, rejected, errors,
            degraded);
    }

    private static double percentileMillis(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private synchronized String nextQuery() {
        return queries.get(next++ % queries.size());
    }

    /** Off: budget and max queue wait 0, the node at full quality queueing every query; on: the benchmark's values. */
    private void degrading(boolean on) throws IOException, InterruptedException {
        String wait = on && maxQueueWait != null ? maxQueueWait : "0";
        node.request(url, "PUT", "/_cluster/settings", "{\"transient\":{\"" + BUDGET + "\":" + NodeHttp.quote(on ? budget : "0") + ",\""
            + MAX_QUEUE_WAIT + "\":" + NodeHttp.quote(wait) + "}}", false);
    }

    /**
     * The search-alone rate beside the highest offered load: when the node answers fewer plain k-NN searches than that
     * load offers, no encode depth can serve it.
     */
    static String searchAloneLine(JsonNode r) {
        double alone = r.path("sustained_qps_search_alone").asDouble();
        JsonNode top = null;
        for (JsonNode level : r.path("levels")) {
            if (top == null || level.path("degrade_off").path("offered_qps").asDouble() > top.path("degrade_off").path("offered_qps")
                .asDouble()) {
                top = level;
            }
        }
        String line = String.format(Locale.ROOT, "search alone, no encode (k-NN query of %d document vectors, same closed loop): %.1f "
            + "queries/s, %.2fx the full-quality rate", r.path("search_alone_query_vectors").asInt(), alone, r.path(
                "search_alone_over_full_quality").asDouble());
        if (top == null || top.path("load").asText().equals("unloaded")) {
            return line;
        }
        double offered = top.path("degrade_off").path("offered_qps").asDouble();
        return line + String.format(Locale.ROOT, "; %s the full-quality rate is %.1f q/s; with no encode at all the node answers %.1f "
            + "q/s, %s", top.path("load").asText(), offered, alone, alone < offered ? "so no encode depth can serve it"
                : "so the search alone could serve it");
    }

    /**
     * The report as a table: each load with degrading off and on side by side, and p99 against unloaded; the latencies
     * are those of the answered queries, the 429s a column of their own.
     */
    static void print(Map<String, Object> report) {
        JsonNode r = Output.JSON.valueToTree(report);
        JsonNode ev = r.path("evidence");
        String maxQueueWait = r.path("max_queue_wait").isNull() ? "off" : r.path("max_queue_wait").asText();
        System.out.printf("model %s at θ %s, degrade_min_nn10 %s, budget %s, max queue wait %s; %d s per load%n", r.path("model")
            .asText(), r.path("theta").asText(), r.path("degrade_min_nn10").asText(), r.path("budget").asText(), maxQueueWait, r.path(
                "step_seconds").asInt());
        System.out.printf("evidence: θ %s measured on %d live queries, NN@10 %.3f, lower bound %.3f, mean exit layer %.2f%n", ev.path(
            "old_theta").asText(), ev.path("samples").asLong(), ev.path("nn10_mean").asDouble(), ev.path("nn10_lower_bound").asDouble(),
            ev.path("mean_exit_layer").asDouble());
        System.out.printf("sustained at full quality: %.1f queries/s%n", r.path("sustained_qps_full_quality").asDouble());
        System.out.println(searchAloneLine(r));
        System.out.println("p50 / p99 ms: of the answered (200) queries only, from when each was due; 429s counted apart");
        System.out.printf("%-9s %8s | %-44s | %s%n", "", "", "degrading off", maxQueueWait.equals("off") ? "degrading on"
            : "degrading on, shedding past " + maxQueueWait);
        System.out.printf("%-9s %8s | %18s %5s %7s %4s %6s | %17s %5s %7s %4s %9s %6s%n", "load", "offered", "answered q/s", "p50",
            "p99 ms", "429", "x p99", "answered q/s", "p50", "p99 ms", "429", "degraded", "x p99");
        double offP99 = r.path("levels").get(0).path("degrade_off").path("answered_p99_ms").asDouble();
        double onP99 = r.path("levels").get(0).path("degrade_on").path("answered_p99_ms").asDouble();
        for (JsonNode level : r.path("levels")) {
            JsonNode off = level.path("degrade_off");
            JsonNode on = level.path("degrade_on");
            System.out.printf("%-9s %8.1f | %18.1f %5.0f %7.0f %4d %5.1fx | %17.1f %5.0f %7.0f %4d %9d %5.1fx%n", level.path("load").asText(),
                off.path("offered_qps").asDouble(), off.path("achieved_qps").asDouble(), off.path("answered_p50_ms").asDouble(),
                off.path("answered_p99_ms").asDouble(), off.path("rejected_429").asInt(), off.path("answered_p99_ms").asDouble() / offP99,
                on.path("achieved_qps").asDouble(), on.path("answered_p50_ms").asDouble(), on.path("answered_p99_ms").asDouble(),
                on.path("rejected_429").asInt(), on.path("degraded").asInt(), on.path("answered_p99_ms").asDouble() / onP99);
        }
    }
}
