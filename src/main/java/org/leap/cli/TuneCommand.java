package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.ExitRule;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlSimilarities;
import org.leap.eval.BeirDataset;
import org.leap.eval.DocumentSearch;
import org.leap.eval.NeighborOverlap;
import org.leap.tuning.ThetaController;
import org.leap.tuning.ThetaGrain;
import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningConfig;
import org.leap.tuning.TuningDecision;
import org.leap.tuning.TuningWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap tune}: what the θ controller would do on a query stream, offline. A BEIR set's documents are embedded at
 * full depth (the default ingest policy) and its queries traced once; each query's NN@10 at a θ (the share of its
 * full-depth top 10 that its exited vector finds among those documents) is replayed from the trace with the encoder's
 * own rule. The queries then arrive in a shuffled stream; after every {@code --window} of them the same controller the
 * node runs takes one decision, reading, as the node's drift window does, every query since θ last changed (at most
 * {@code --capacity}): a θ that holds gathers evidence. Prints θ, samples, NN@10, its bound and the mean exit layer per
 * decision. With {@code --calibration-target} the queries exit under the calibrated policy and the controller moves
 * the calibration target instead, the thresholds derived from the model's stored curves, as on the node.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, description = "Simulate θ auto-tuning on a query stream (NN@10 target).")
final class TuneCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--data", required = true, description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv")
    Path data;

    @Option(names = "--split", defaultValue = "train", description = "qrels split whose queries form the stream (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--max-docs", defaultValue = "1000", description = "documents searched, the first of the corpus (default ${DEFAULT-VALUE})")
    int maxDocs;

    @Option(names = "--target", defaultValue = "0.90", description = "NN@10 the lower bound must reach (default ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--start-theta", defaultValue = "0.99", description = "θ at the start (default ${DEFAULT-VALUE})")
    double startTheta;

    @Option(names = "--calibration-target", description = "the calibrated exit policy instead, the controller moving the "
        + "calibration target from this value (the model's thresholds need their curves: leap calibrate)")
    Double calibrationTarget;

    @Option(names = "--window", defaultValue = "200", description = "queries that arrive between two decisions, the fewest a "
        + "decision reads (the node's plugins.leap.tune.min_samples; default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--capacity", defaultValue = "1000", description = "queries a window holds at most: while θ holds, a decision "
        + "reads every query since θ last changed up to this many, as on the node (plugins.leap.drift.window; default "
        + "${DEFAULT-VALUE})")
    int capacity;

    @Option(names = "--decisions", defaultValue = "20", description = "decisions to simulate (default ${DEFAULT-VALUE})")
    int decisions;

    @Option(names = "--seed", defaultValue = "15", description = "order of the query stream (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--svg", description = "write θ and NN@10 over the decisions to this SVG file")
    Path svg;

    @Override
    public Integer call() {
        if (window < 1 || capacity < window) {
            throw new IllegalArgumentException("--window must be at least 1 and --capacity at least --window, got " + window + " and "
                + capacity);
        }
        TunedSetting setting = calibrationTarget == null ? TunedSetting.THETA : TunedSetting.CALIBRATION_TARGET;
        double start = calibrationTarget == null ? startTheta : calibrationTarget;
        TuningConfig config = TuningConfig.of(setting, target, Math.min(window, TuningConfig.DEFAULT_MIN_SAMPLES));
        BeirDataset beir = BeirDataset.read(data, split);
        List<String> docIds = beir.corpusIds().subList(0, Math.min(maxDocs, beir.corpusIds().size()));
        List<String> queryTexts = new ArrayList<>(beir.queries().values());
        try (SentenceEncoder model = encoder.load()) {
            ExitPolicy policy = encoder.policy(model.model());
            float[][] docs = model.encode(beir.documentTexts(docIds), EncodeOptions.fullDepth(policy).asPassage())
                .stream().map(Embedding::vector).toArray(float[][]::new);
            List<Embedding> queries = model.encode(queryTexts, EncodeOptions.traced(policy));
            ExitPolicy global = policy.withTheta(policy.theta());
            Replay replay = new Replay(queries, docs, setting == TunedSetting.THETA ? global::withTheta : value -> global.calibratedFor(
                model.model()).withCalibration(model.model().exitThresholds().atTarget(value)));

            List<Integer> stream = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                stream.add(i);
            }
            Collections.shuffle(stream, new Random(seed));
            ThetaController controller = new ThetaController(config);
            double theta = start;
            int next = 0;
            List<Map<String, Object>> rows = new ArrayList<>();
            ArrayDeque<Integer> held = new ArrayDeque<>();
            for (int d = 1; d <= decisions; d++) {
                for (int i = 0; i < window; i++) {
                    held.addLast(stream.get(next++ % stream.size()));
                    if (held.size() > capacity) {
                        held.removeFirst();
                    }
                }
                Replay.AtTheta at = replay.at(theta);
                double nn10 = 0;
                double nn10Squares = 0;
                double layers = 0;
                for (int q : held) {
                    nn10 += at.nn10()[q];
                    nn10Squares += at.nn10()[q] * at.nn10()[q];
                    layers += at.exitLayers()[q];
                }
                int n = held.size();
                TuningDecision decision = controller.decide(new TuningWindow(theta, n, capacity, nn10 / n, nn10Squares / n,
                    layers / n));
                if (decision.changes()) {
                    held.clear();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("decision", d);
                row.put("value", theta);
                row.put("samples", n);
                row.put("nn10", Output.round(nn10 / n));
                row.put("nn10_lower_bound", Output.round(decision.lowerBound()));
                row.put("mean_exit_layer", Output.round(layers / n));
                row.put("action", decision.action().name());
                row.put("next_value", decision.to());
                row.put("reason", decision.reason());
                rows.add(row);
                theta = decision.to();
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.model().name());
            report.put("queries", queries.size());
            report.put("documents", docs.length);
            report.put("target_nn10", target);
            report.put("setting", setting.key());
            report.put("window", window);
            report.put("start", summary(replay.at(start), start));
            report.put("settled", summary(replay.at(theta), theta));
            report.put("decisions", rows);
            if (svg != null) {
                TuneChart.write(svg, model.model().name(), setting, target, rows);
            }
            if (encoder.json) {
                Output.printJson(report);
            } else {
                System.out.printf("model %s, %d queries against %d documents at full depth, target NN@10 %.2f, %d queries a decision%n",
                    model.model().name(), queries.size(), docs.length, target, window);
                System.out.println("#   value   n     NN@10  bound  E[l]   action  reason   (value: " + setting.label() + ")");
                rows.forEach(r -> System.out.printf("%-3d %.4f  %-4d  %s  %s  %5.2f  %-6s  %s%n", (Integer) r.get("decision"),
                    (Double) r.get("value"), (Integer) r.get("samples"), Output.f3((Double) r.get("nn10")), Output.f3((Double) r.get(
                        "nn10_lower_bound")), (Double) r.get("mean_exit_layer"), r.get("action"), r.get("reason")));
                System.out.printf("start   %s %.4f: NN@10 %s over all queries, mean exit layer %.2f%n", setting.label(), start, Output
                    .f3(replay.at(start).meanNn10()), replay.at(start).meanExitLayer());
                System.out.printf("settled %s %.4f: NN@10 %s over all queries, mean exit layer %.2f%n", setting.label(), theta, Output.f3(
                    replay.at(theta).meanNn10()), replay.at(theta).meanExitLayer());
            }
        }
        return 0;
    }

    private static Map<String, Object> summary(Replay.AtTheta at, double value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("nn10", Output.round(at.meanNn10()));
        m.put("mean_exit_layer", Output.round(at.meanExitLayer()));
        return m;
    }

    /**
     * Per query, its NN@10 and exit layer at a value of the tuned setting (θ, or the calibration target), replayed from
     * the traces; computed once per value.
     */
    private static final class Replay {
        record AtTheta(double[] nn10, int[] exitLayers) {
            double meanNn10() {
                return java.util.Arrays.stream(nn10).average().orElse(0);
            }

            double meanExitLayer() {
                return java.util.Arrays.stream(exitLayers).average().orElse(0);
            }
        }

        private final List<Embedding> queries;
        private final DocumentSearch search;
        private final DoubleFunction<ExitPolicy> policyAt;
        private final int[][] fullTop;
        private final Map<Long, AtTheta> byTheta = new HashMap<>();

        /** @param policyAt the exit rule at a value of the tuned setting */
        Replay(List<Embedding> queries, float[][] docs, DoubleFunction<ExitPolicy> policyAt) {
            this.queries = queries;
            this.search = DocumentSearch.wholeDocuments(docs, new DjlSimilarities());
            this.policyAt = policyAt;
            this.fullTop = search.top(queries.stream().map(Embedding::vector).toArray(float[][]::new), 10);
        }

        AtTheta at(double value) {
            return byTheta.computeIfAbsent(ThetaGrain.key(value), key -> {
                ExitPolicy at = policyAt.apply(value);
                int[] layers = new int[queries.size()];
                float[][] exited = new float[layers.length][];
                for (int q = 0; q < layers.length; q++) {
                    float[][] trace = queries.get(q).trace();
                    layers[q] = ExitRule.exitLayer(at, trace);
                    exited[q] = trace[layers[q] - 1];
                }
                int[][] top = search.top(exited, 10);
                double[] nn10 = new double[layers.length];
                for (int q = 0; q < nn10.length; q++) {
                    nn10[q] = NeighborOverlap.overlap(top[q], fullTop[q], 10);
                }
                return new AtTheta(nn10, layers);
            });
        }
    }
}
