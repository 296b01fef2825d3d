package org.leap.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one bucket at one batch size: each variant's timings, the GEMM ceiling measured beside them, and the
 * ratios the benchmark exists for. Ratios use p50 latencies, so one slow round cannot swing them.
 *
 * @param layers the early-exit model's depth L
 * @param variants timings by variant name, in the order they are reported
 */
record BenchCell(int batchSize, int layers, Map<String, VariantTimings> variants, GemmCeiling.Result ceiling) {
    /** The variant every speedup is measured against: the baseline model on ONNX Runtime at full depth. */
    static final String BASELINE = "baseline";
    static final String EARLY_EXIT = "early_exit";
    static final String FULL_DEPTH = "full_depth";
    /** Full depth with the exit checks running and ignored: what monitoring costs, alone. */
    static final String MONITOR_ONLY = "monitor_only";

    BenchCell {
        for (String name : new String[] { BASELINE, EARLY_EXIT, FULL_DEPTH, MONITOR_ONLY }) {
            if (variants.containsKey(name) == false) {
                throw new IllegalArgumentException("the benchmark needs a variant named [" + name + "], got " + variants.keySet());
            }
        }
    }

    /** Baseline p50 over this variant's p50: above 1 when the variant is faster. */
    double speedupVsBaseline(String variant) {
        return p50(BASELINE) / p50(variant);
    }

    /** The variant's achieved GFLOP/s over the GEMM ceiling's. */
    double ceilingShare(String variant) {
        return variants.get(variant).gflopsPerSecond() / ceiling.gflopsPerSecond();
    }

    /** L over the mean exit layer: the speedup early exit would give if time were only layers. */
    double layerReduction() {
        return layers / variants.get(EARLY_EXIT).meanExitLayer();
    }

    double earlyExitSpeedupVsFullDepth() {
        return p50(FULL_DEPTH) / p50(EARLY_EXIT);
    }

    /** monitor_only p50 / full_depth p50 − 1. */
    double monitoringOverhead() {
        return p50(MONITOR_ONLY) / p50(FULL_DEPTH) - 1;
    }

    Map<String, Object> json() {
        Map<String, Object> byLinear = new LinkedHashMap<>();
        ceiling.byLinear().forEach((name, gflops) -> byLinear.put(name, Output.round(gflops)));
        Map<String, Object> gemm = new LinkedHashMap<>();
        gemm.put("tokens", ceiling.tokens());
        gemm.put("gflop_per_s", Output.round(ceiling.gflopsPerSecond()));
        gemm.put("gflop_per_s_by_linear", byLinear);
        Map<String, Object> byVariant = new LinkedHashMap<>();
        variants.forEach((name, t) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("p50_ms", Output.round(t.p50Millis()));
            v.put("p99_ms", Output.round(t.p99Millis()));
            v.put("rows_per_s", Output.round(t.rowsPerSecond()));
            v.put("tokens_per_s", Output.round(t.tokensPerSecond()));
            v.put("mean_exit_layer", Output.round(t.meanExitLayer()));
            v.put("gflop_per_s", Output.round(t.gflopsPerSecond()));
            v.put("ceiling_share", Output.round(ceilingShare(name)));
            v.put("speedup_vs_baseline", Output.round(speedupVsBaseline(name)));
            byVariant.put(name, v);
        });
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("early_exit_speedup_vs_baseline", Output.round(speedupVsBaseline(EARLY_EXIT)));
        ratios.put("full_depth_speedup_vs_baseline", Output.round(speedupVsBaseline(FULL_DEPTH)));
        ratios.put("early_exit_speedup_vs_full_depth", Output.round(earlyExitSpeedupVsFullDepth()));
        ratios.put("mean_exit_layer", Output.round(variants.get(EARLY_EXIT).meanExitLayer()));
        ratios.put("layer_reduction", Output.round(layerReduction()));
        ratios.put("speedup_over_layer_reduction", Output.round(earlyExitSpeedupVsFullDepth() / layerReduction()));
        ratios.put("monitoring_overhead", Output.round(monitoringOverhead()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batch_size", batchSize);
        json.put("gemm_ceiling", gemm);
        json.put("variants", byVariant);
        json.put("ratios", ratios);
        return json;
    }

    private double p50(String variant) {
        return variants.get(variant).p50Millis();
    }
}
