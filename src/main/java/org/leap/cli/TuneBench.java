package org.leap.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code leap bench-node --tune}: the node's θ controller on a steady stream of live {@code leap_neural} queries. Every
 * document is sampled into the model's shadow index as it is ingested ({@link #sampleEveryDocument}). The model starts
 * at a θ with every query sampled, a target NN@10 and {@code auto_tune} on; queries (bringing no θ of their own) go one
 * after another until the controller has taken the asked number of decisions. Each decision's evidence comes from the
 * node ({@code GET …/_drift}); the report says where θ settled (the θ in force after the last move), how many decisions
 * that took, and NN@10 and the mean exit layer measured there against those at the start.
 */
final class TuneBench {
    private final NodeHttp node;
    private final String url;
    private final String model;
    private final String index;
    private final List<String> queries;
    private final double startTheta;
    private final double target;
    private final int decisions;
    private final int minutes;

    /**
     * @param decisions how many decisions of the controller to watch
     * @param minutes how long to wait for them at most
     */
    TuneBench(NodeHttp node, String url, String model, String index, List<String> queries, double startTheta, double target, int decisions,
        int minutes) {
        this.node = node;
        this.url = url;
        this.model = model;
        this.index = index;
        this.queries = queries;
        this.startTheta = startTheta;
        this.target = target;
        this.decisions = decisions;
        this.minutes = minutes;
    }

    /**
     * Before the documents go in: every one of them is sampled into the model's shadow index, whose system NN@10 the
     * controller then decides on (with {@code auto_tune} still off, nothing moves yet).
     */
    void sampleEveryDocument() throws IOException, InterruptedException {
        node.request(url, "PUT", "/_plugins/_leap/models/" + model + "/_settings", "{\"auto_tune\":false,\"drift\":{\"sample_rate\":1.0,"
            + "\"auto_raise_theta\":false}}", false);
    }

    Map<String, Object> run(Path svg) throws IOException, InterruptedException {
        String drift = "/_plugins/_leap/models/" + model + "/_drift";
        String settings = "/_plugins/_leap/models/" + model + "/_settings";
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model);
        report.put("start_theta", startTheta);
        report.put("target_nn10", target);
        report.put("node_settings", tuneSettings());
        int before = node.request(url, "GET", drift, null, false).path("tuning").path("decisions").size();
        node.request(url, "PUT", settings, "{\"theta\":" + startTheta + ",\"drift\":{\"sample_rate\":1.0,\"auto_raise_theta\":false},"
            + "\"target_nn10\":" + target + ",\"auto_tune\":true}", false);
        List<JsonNode> taken = new ArrayList<>();
        int sent = 0;
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.MINUTES.toNanos(minutes);
        try {
            while (taken.size() < decisions) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the θ controller took " + taken.size() + " of " + decisions + " decisions in "
                        + minutes + " minutes: is plugins.leap.tune.interval short enough for a benchmark?");
                }
                for (int i = 0; i < 5; i++) {
                    String text = queries.get(sent++ % queries.size());
                    node.request(url, "POST", "/" + index + "/_search", NodeHttp.leapNeuralSearch(model, text), false);
                }
                JsonNode all = node.request(url, "GET", drift, null, false).path("tuning").path("decisions");
                taken.clear();
                for (int i = before; i < all.size(); i++) {
                    taken.add(all.get(i));
                }
            }
        } finally {
            node.request(url, "PUT", settings, "{\"auto_tune\":false,\"drift\":{\"sample_rate\":0.01}}", false);
        }
        report.put("queries_sent", sent);
        report.put("seconds", Output.round((System.nanoTime() - begin) / 1e9));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode d : taken.subList(0, Math.min(decisions, taken.size()))) {
            rows.add(row(d));
        }
        report.put("decisions", rows);
        report.putAll(settled(rows));
        if (svg != null) {
            TuneChart.write(svg, model, target, rows);
        }
        return report;
    }

    /**
     * Where θ settled: the θ in force after the last decision, and the first decision from which θ stays there except
     * for probes (the controller tries the θ below again once its memory of that θ's failure runs out; a probe is a
     * single decision away that comes back). NN@10 and the mean exit layer there are the means of the windows measured
     * at it from then on, beside the first window's (the start).
     */
    static Map<String, Object> settled(List<Map<String, Object>> rows) {
        int n = rows.size();
        double theta = (Double) rows.get(n - 1).get("new_theta");
        int from = n - 1;
        for (int i = n - 2; i >= 0; i--) {
            boolean there = (Double) rows.get(i).get("new_theta") == theta;
            double before = (Double) (i == 0 ? rows.get(0).get("theta") : rows.get(i - 1).get("new_theta"));
            boolean probe = before == theta && (Double) rows.get(i + 1).get("new_theta") == theta;
            if (there == false && probe == false) {
                break;
            }
            if (there) {
                from = i;
            }
        }
        if (from == 0 && (Double) rows.get(0).get("theta") == theta) {
            from = -1; // it never left the start
        }
        double nn10 = 0;
        double layers = 0;
        int windows = 0;
        int probes = 0;
        for (int i = from + 1; i < n; i++) {
            if ((Double) rows.get(i).get("theta") == theta) {
                nn10 += (Double) rows.get(i).get("nn10");
                layers += (Double) rows.get(i).get("mean_exit_layer");
                windows++;
            } else {
                probes++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settled_theta", theta);
        out.put("decisions_to_settle", from + 1);
        out.put("windows_at_settled_theta", windows);
        out.put("probes", probes);
        out.put("settled_nn10", windows == 0 ? Double.NaN : Output.round(nn10 / windows));
        out.put("settled_mean_exit_layer", windows == 0 ? Double.NaN : Output.round(layers / windows));
        out.put("start_nn10", rows.get(0).get("nn10"));
        out.put("start_mean_exit_layer", rows.get(0).get("mean_exit_layer"));
        return out;
    }

    private static Map<String, Object> row(JsonNode d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", d.path("time").asText());
        m.put("action", d.path("action").asText());
        m.put("theta", d.path("old_theta").asDouble());
        m.put("new_theta", d.path("new_theta").asDouble());
        m.put("measure", d.path("measure").asText());
        m.put("samples", d.path("samples").asLong());
        m.put("nn10", d.path("nn10_mean").asDouble());
        m.put("nn10_lower_bound", d.path("nn10_lower_bound").asDouble());
        m.put("mean_exit_layer", d.path("mean_exit_layer").asDouble());
        m.put("reason", d.path("reason").asText());
        return m;
    }

    /** The controller's node settings in force (interval, samples per decision), for the report. */
    private Map<String, Object> tuneSettings() throws IOException, InterruptedException {
        JsonNode nodes = node.request(url, "GET", "/_nodes/settings?filter_path=nodes.*.settings.plugins.leap.tune", null, false);
        Map<String, Object> out = new LinkedHashMap<>();
        nodes.path("nodes").forEach(n -> n.path("settings").path("plugins").path("leap").path("tune").fields().forEachRemaining(e -> out
            .put(e.getKey(), e.getValue().asText())));
        return out;
    }

    static void print(Map<String, Object> report) {
        JsonNode r = Output.JSON.valueToTree(report);
        System.out.printf("model %s from θ %s toward NN@10 %s (node: %s); %d queries in %.0f s%n", r.path("model").asText(), r.path(
            "start_theta").asText(), r.path("target_nn10").asText(), r.path("node_settings"), r.path("queries_sent").asInt(), r.path(
                "seconds").asDouble());
        System.out.printf("%-3s %-6s %7s %-7s %7s %6s %6s %6s  %s%n", "#", "action", "theta", "measure", "samples", "NN@10", "bound",
            "E[l]", "reason");
        int i = 1;
        for (JsonNode d : r.path("decisions")) {
            System.out.printf("%-3d %-6s %7.4f %-7s %7d %6.3f %6.3f %6.2f  %s%n", i++, d.path("action").asText(), d.path("theta")
                .asDouble(), d.path("measure").asText(), d.path("samples").asLong(), d.path("nn10").asDouble(), d.path(
                    "nn10_lower_bound").asDouble(), d.path("mean_exit_layer").asDouble(), d.path("reason").asText());
        }
        System.out.printf("start   θ %s: NN@10 %.3f, mean exit layer %.2f%n", r.path("start_theta").asText(), r.path("start_nn10")
            .asDouble(), r.path("start_mean_exit_layer").asDouble());
        System.out.printf("settled θ %s after %d decisions: NN@10 %.3f (target %s, %+.3f), mean exit layer %.2f over %d windows%n", r.path(
            "settled_theta").asText(), r.path("decisions_to_settle").asInt(), r.path("settled_nn10").asDouble(), r.path("target_nn10")
                .asText(), r.path("settled_nn10").asDouble() - r.path("target_nn10").asDouble(), r.path("settled_mean_exit_layer")
                    .asDouble(), r.path("windows_at_settled_theta").asInt());
    }
}
