package org.leap.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.leap.tuning.TunedSetting;

/**
 * {@code leap bench-node --tune}: the node's θ controller on a steady stream of live {@code leap_neural} queries. Every
 * document is sampled into the model's shadow index as it is ingested ({@link #sampleEveryDocument}). The model starts
 * at a θ (or, under the calibrated exit policy, a calibration target, which the controller then moves) with every query
 * sampled, a target NN@10 and {@code auto_tune} on; queries (bringing no θ of their own) go one
 * after another until the controller has taken the asked number of decisions. Each decision's evidence comes from the
 * node ({@code GET …/_drift}); the report says where θ settled ({@link #settled}), how many decisions that took, and NN@10
 * and the mean exit layer measured there against those at the start.
 */
final class TuneBench {
    private final NodeHttp node;
    private final String url;
    private final String model;
    private final String index;
    private final List<String> queries;
    private final TunedSetting setting;
    private final double start;
    private final double target;
    private final int decisions;
    private final int minutes;
    private int sent;

    /**
     * @param setting what the controller moves: θ (the global exit policy) or the calibration target (calibrated)
     * @param start where it starts
     * @param decisions how many decisions of the controller to watch
     * @param minutes how long to wait for them at most
     */
    TuneBench(NodeHttp node, String url, String model, String index, List<String> queries, TunedSetting setting, double start,
        double target, int decisions, int minutes) {
        this.node = node;
        this.url = url;
        this.model = model;
        this.index = index;
        this.queries = queries;
        this.setting = setting;
        this.start = start;
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
        String settings = "/_plugins/_leap/models/" + model + "/_settings";
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model);
        report.put("setting", setting.key());
        report.put("start_value", start);
        report.put("target_nn10", target);
        report.put("node_settings", tuneSettings());
        ControllerFeed feed = new ControllerFeed(node, url, model, index, this::nextQuery);
        int before = feed.decisions().size();
        String policy = setting == TunedSetting.THETA ? "\"exit_policy\":\"global\"" : "\"exit_policy\":\"calibrated\"";
        node.request(url, "PUT", settings, "{" + policy + ",\"" + setting.key() + "\":" + start + ",\"drift\":{\"sample_rate\":1.0,"
            + "\"auto_raise_theta\":false},\"target_nn10\":" + target + ",\"auto_tune\":true}", false);
        long begin = System.nanoTime();
        List<JsonNode> taken;
        try {
            taken = feed.until(before, decisions, begin + TimeUnit.MINUTES.toNanos(minutes), "in " + minutes + " minutes; is "
                + "plugins.leap.tune.interval short enough for a benchmark?");
        } finally {
            node.request(url, "PUT", settings, "{\"auto_tune\":false,\"exit_policy\":\"global\",\"calibration_target\":null,"
                + "\"drift\":{\"sample_rate\":0.01}}", false);
        }
        report.put("queries_sent", sent);
        report.put("seconds", Output.round((System.nanoTime() - begin) / 1e9));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode d : taken.subList(0, Math.min(decisions, taken.size()))) {
            rows.add(row(d, setting));
        }
        report.put("decisions", rows);
        report.putAll(settled(rows, target));
        if (svg != null) {
            TuneChart.write(svg, model, setting, target, rows);
        }
        return report;
    }

    /**
     * Where θ (or the calibration target: the value of the tuned setting) settled: the last θ whose window met the
     * target (its bound did) unless θ later went above it, else the θ in force at the end; from the first decision
     * after which θ never goes above it and leaves it only for probes, cheaper θ never accepted (each decision below
     * it had a bound under the target: the controller stepped down, perhaps waited for samples, and came back, or is
     * still there at the end). NN@10 and the mean exit layer there are the means of the windows measured at it from
     * then on that hold the most samples: while θ holds, the node's window keeps every sample since θ last changed, so
     * the largest hold the most evidence. The first window's are the start's.
     */
    static Map<String, Object> settled(List<Map<String, Object>> rows, double target) {
        int n = rows.size();
        double value = number(rows.get(n - 1), "new_value");
        for (int i = n - 1; i >= 0; i--) {
            if (number(rows.get(i), "nn10_lower_bound") >= target) {
                double accepted = number(rows.get(i), "value");
                value = rows.subList(i, n).stream().allMatch(r -> number(r, "new_value") <= accepted) ? accepted : value;
                break;
            }
        }
        int from = n - 1;
        for (int s = n - 2; s >= -1; s--) {
            boolean putThere = s == -1 ? number(rows.get(0), "value") == value : number(rows.get(s), "new_value") == value;
            if (putThere && onlyProbesAfter(rows, s, value, target)) {
                from = s;
            }
        }
        long most = 0;
        int probes = 0;
        for (int i = from + 1; i < n; i++) {
            if (number(rows.get(i), "value") == value) {
                most = Math.max(most, (long) number(rows.get(i), "samples"));
                probes += number(rows.get(i), "new_value") < value ? 1 : 0;
            }
        }
        double nn10 = 0;
        double bound = 0;
        double layers = 0;
        int windows = 0;
        for (int i = from + 1; i < n; i++) {
            Map<String, Object> row = rows.get(i);
            if (number(row, "value") == value && (long) number(row, "samples") == most) {
                nn10 += number(row, "nn10");
                bound += number(row, "nn10_lower_bound");
                layers += number(row, "mean_exit_layer");
                windows++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settled_value", value);
        out.put("decisions_to_settle", from + 1);
        out.put("probes", probes);
        out.put("settled_samples", most);
        out.put("settled_windows", windows);
        out.put("settled_nn10", windows == 0 ? Double.NaN : Output.round(nn10 / windows));
        out.put("settled_nn10_lower_bound", windows == 0 ? Double.NaN : Output.round(bound / windows));
        out.put("settled_mean_exit_layer", windows == 0 ? Double.NaN : Output.round(layers / windows));
        out.put("start_nn10", rows.get(0).get("nn10"));
        out.put("start_mean_exit_layer", rows.get(0).get("mean_exit_layer"));
        return out;
    }

    /** Whether every decision after {@code s} stays at or below θ, and every one below it had a bound under the target. */
    private static boolean onlyProbesAfter(List<Map<String, Object>> rows, int s, double value, double target) {
        for (int j = s + 1; j < rows.size(); j++) {
            Map<String, Object> row = rows.get(j);
            double at = number(row, "value");
            if (at > value || number(row, "new_value") > value || (at < value && number(row, "nn10_lower_bound") >= target)) {
                return false;
            }
        }
        return true;
    }

    private static double number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    /** The stream's next query: the texts in turn, round and round. */
    private String nextQuery() {
        return queries.get(sent++ % queries.size());
    }

    /** One decision as the report keeps it: the value of the tuned setting it was measured at, and the one it set. */
    static Map<String, Object> row(JsonNode d, TunedSetting setting) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", d.path("time").asText());
        m.put("action", d.path("action").asText());
        m.put("value", d.path("old_" + setting.key()).asDouble());
        m.put("new_value", d.path("new_" + setting.key()).asDouble());
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
        String label = TunedSetting.ofKey(r.path("setting").asText()).label();
        System.out.printf("model %s from %s %s toward NN@10 %s (node: %s); %d queries in %.0f s%n", r.path("model").asText(), label, r
            .path("start_value").asText(), r.path("target_nn10").asText(), r.path("node_settings"), r.path("queries_sent").asInt(), r.path(
                "seconds").asDouble());
        System.out.printf("%-3s %-6s %7s %-7s %7s %6s %6s %6s  %s%n", "#", "action", "value", "measure", "samples", "NN@10", "bound",
            "E[l]", "reason");
        int i = 1;
        for (JsonNode d : r.path("decisions")) {
            System.out.printf("%-3d %-6s %7.4f %-7s %7d %6.3f %6.3f %6.2f  %s%n", i++, d.path("action").asText(), d.path("value")
                .asDouble(), d.path("measure").asText(), d.path("samples").asLong(), d.path("nn10").asDouble(), d.path(
                    "nn10_lower_bound").asDouble(), d.path("mean_exit_layer").asDouble(), d.path("reason").asText());
        }
        System.out.printf("start   %s %s: NN@10 %.3f, mean exit layer %.2f%n", label, r.path("start_value").asText(), r.path("start_nn10")
            .asDouble(), r.path("start_mean_exit_layer").asDouble());
        System.out.printf("settled %s %s after %d decisions (%d probes since): NN@10 %.3f (target %s, %+.3f; bound %.3f) on %d samples "
            + "(mean of %d windows), mean exit layer %.2f%n", label, r.path("settled_value").asText(), r.path("decisions_to_settle")
                .asInt(), r.path("probes").asInt(), r
                .path("settled_nn10").asDouble(), r.path("target_nn10").asText(), r.path("settled_nn10").asDouble() - r.path("target_nn10")
                    .asDouble(), r.path("settled_nn10_lower_bound").asDouble(), r.path("settled_samples").asLong(), r.path(
                        "settled_windows").asInt(), r.path("settled_mean_exit_layer").asDouble());
    }
}
