package org.leap.cli;

import java.util.Locale;
import java.util.Map;

import org.leap.encoder.ExitPolicy;

/** The benchmark as readable text: one block per bucket, one table per batch size, printed as each is measured. */
final class BenchTable {
    private BenchTable() {}

    static void header(String model, String baseline, String runsOn, int threads, ExitPolicy policy) {
        System.out.printf(Locale.ROOT, "%s on %s against %s on ONNX Runtime at full depth, %d threads each; theta %.2f, k %d, l_min %d%n",
            model, runsOn, baseline, threads, policy.theta(), policy.patience(), policy.minLayer());
        System.out.println("layers: mean layers run per row; ceiling: GFLOP/s as a share of the GEMM ceiling; "
            + "speedup: baseline p50 / variant p50");
    }

    static void texts(int sentences, int passages, int leftOut) {
        System.out.printf(Locale.ROOT, "texts: %d sentences, %d passages; %d longer than the last bucket%n", sentences, passages, leftOut);
    }

    static void bucket(LengthBuckets.Bucket bucket) {
        System.out.printf(Locale.ROOT, "%ntokens (%d, %d]: %d texts%s%n", bucket.above(), bucket.upTo(), bucket.texts().size(),
            bucket.texts().isEmpty() ? "" : ", median " + bucket.typicalLength() + " tokens");
    }

    static void skipped(int batch, String reason) {
        System.out.printf(Locale.ROOT, "  batch %d: skipped, %s%n", batch, reason);
    }

    static void cell(BenchCell cell, int rounds) {
        GemmCeiling.Result ceiling = cell.ceiling();
        StringBuilder byLinear = new StringBuilder();
        for (Map.Entry<String, Double> e : ceiling.byLinear().entrySet()) {
            byLinear.append(byLinear.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()));
        }
        System.out.printf(Locale.ROOT, "  batch %d, %d rounds; GEMM ceiling %.1f GFLOP/s at %d tokens (%s)%n", cell.batchSize(), rounds,
            ceiling.gflopsPerSecond(), ceiling.tokens(), byLinear);
        System.out.printf(Locale.ROOT, "    %-14s %9s %9s %9s %10s %6s %8s %8s %8s%n", "variant", "p50 ms", "p99 ms", "rows/s", "tokens/s",
            "layers", "GFLOP/s", "ceiling", "speedup");
        cell.variants().forEach((name, t) -> System.out.printf(Locale.ROOT,
            "    %-14s %9.2f %9.2f %9.1f %10.0f %6.2f %8.2f %7.1f%% %7.2fx%n", name, t.p50Millis(), t.p99Millis(), t.rowsPerSecond(),
            t.tokensPerSecond(), t.meanExitLayer(), t.gflopsPerSecond(), 100 * cell.ceilingShare(name), cell.speedupVsBaseline(name)));
        System.out.printf(Locale.ROOT, "    layer reduction %.2fx | early exit vs full depth %.2fx (%.2f of the layer reduction) | "
            + "monitoring overhead %+.1f%%%n", cell.layerReduction(), cell.earlyExitSpeedupVsFullDepth(),
            cell.earlyExitSpeedupVsFullDepth() / cell.layerReduction(), 100 * cell.monitoringOverhead());
    }
}
