package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.leap.encoder.EncodeMode;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlBertEncoder;
import org.leap.encoder.onnx.OnnxRuntimeEncoder;
import org.leap.eval.SentenceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap bench}: early exit, full depth, full depth with exit checks that never fire, and ONNX Runtime full depth,
 * interleaved round by round on the same batches of real sentences, so that every ratio comes from one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Latency and throughput: early exit vs full depth vs ONNX Runtime, plus the cost of monitoring.")
final class BenchCommand implements Callable<Integer> {
    private static final String[] VARIANTS = { "early_exit", "full_depth", "monitor_only", "onnxruntime" };

    @Mixin
    EncoderOptions encoder;

    @Option(names = "--sentences", defaultValue = "samples/stsb-dev-300-sentences.txt", description = "one sentence per line")
    Path sentences;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32", description = "batch sizes (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--rounds", defaultValue = "40", description = "timed rounds per batch size (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed rounds first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        List<String> texts = SentenceFile.read(sentences, 0);
        Map<String, Object> report = new LinkedHashMap<>();
        // ONNX Runtime first: a session created after libtorch loads breaks PyTorch (see OnnxRuntimeEncoder)
        try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.load(encoder.catalog(), encoder.model, Integer.MAX_VALUE, threads);
             DjlBertEncoder djl = DjlBertEncoder.load(encoder.catalog(), encoder.model, encoder.device, Integer.MAX_VALUE)) {
            int layers = djl.model().layers();
            ExitPolicy policy = encoder.policy(djl.model());
            report.put("model", djl.model().name());
            report.put("device", djl.device());
            report.put("onnxruntime_threads", threads);
            report.put("policy", Map.of("theta", policy.theta(), "patience", policy.patience(), "min_layer", policy.minLayer()));
            List<Map<String, Object>> results = new ArrayList<>();
            for (int batch : batches) {
                results.add(benchBatch(texts, batch, policy, layers, djl, ort));
            }
            report.put("batches", results);
        }
        if (encoder.json) {
            Output.printJson(report);
        }
        return 0;
    }

    private Map<String, Object> benchBatch(List<String> texts, int batch, ExitPolicy policy, int layers, DjlBertEncoder djl,
                                           OnnxRuntimeEncoder ort) {
        Random random = new Random(42L + batch);
        double[][] millis = new double[VARIANTS.length][rounds];
        long exitLayerSum = 0;
        long rows = 0;
        for (int round = -warmup; round < rounds; round++) {
            List<String> sample = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                sample.add(texts.get(random.nextInt(texts.size())));
            }
            for (int v = 0; v < VARIANTS.length; v++) {
                int variant = Math.floorMod(v + round, VARIANTS.length);
                long start = System.nanoTime();
                List<Embedding> out = run(variant, sample, policy, djl, ort);
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (round >= 0) {
                    millis[variant][round] = elapsed;
                    if (variant == 0) {
                        exitLayerSum += out.stream().mapToInt(Embedding::exitLayer).sum();
                        rows += out.size();
                    }
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch_size", batch);
        double[] p50 = new double[VARIANTS.length];
        for (int v = 0; v < VARIANTS.length; v++) {
            double[] sorted = millis[v].clone();
            Arrays.sort(sorted);
            p50[v] = percentile(sorted, 0.50);
            double mean = Arrays.stream(sorted).average().orElseThrow();
            result.put(VARIANTS[v], Map.of("p50_ms", Output.round(p50[v]), "p99_ms", Output.round(percentile(sorted, 0.99)),
                "rows_per_s", Output.round(batch * 1000.0 / mean)));
        }
        double layerReduction = layers / (exitLayerSum / (double) rows);
        double speedup = p50[1] / p50[0];
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("layer_reduction", Output.round(layerReduction));
        ratios.put("early_exit_speedup_vs_full_depth", Output.round(speedup));
        ratios.put("speedup_over_layer_reduction", Output.round(speedup / layerReduction));
        ratios.put("early_exit_speedup_vs_onnxruntime", Output.round(p50[3] / p50[0]));
        ratios.put("full_depth_vs_onnxruntime", Output.round(p50[1] / p50[3]));
        ratios.put("monitoring_overhead", Output.round(p50[2] / p50[1] - 1));
        result.put("ratios", ratios);
        if (encoder.json == false) {
            System.out.printf("batch %d (%d rounds, p50 / p99 ms, rows/s)%n", batch, rounds);
            for (int v = 0; v < VARIANTS.length; v++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) result.get(VARIANTS[v]);
                System.out.printf("  %-13s %8.2f %8.2f %9.1f%n", VARIANTS[v], m.get("p50_ms"), m.get("p99_ms"), m.get("rows_per_s"));
            }
            System.out.printf("  layer reduction %.2fx | early exit vs full depth %.2fx (%.2f of the layer reduction) | "
                + "early exit vs ONNX Runtime %.2fx | monitoring overhead %+.1f%%%n%n", layerReduction, speedup, speedup / layerReduction,
                p50[3] / p50[0], 100 * (p50[2] / p50[1] - 1));
        }
        return result;
    }

    private static List<Embedding> run(int variant, List<String> sample, ExitPolicy policy, SentenceEncoder djl, SentenceEncoder ort) {
        return switch (variant) {
            case 0 -> djl.encode(sample, EncodeOptions.earlyExit(policy));
            case 1 -> djl.encode(sample, EncodeOptions.fullDepth(policy));
            case 2 -> djl.encode(sample, EncodeOptions.earlyExit(policy).withMode(EncodeMode.MONITOR_ONLY));
            default -> ort.encode(sample, EncodeOptions.fullDepth(policy));
        };
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
