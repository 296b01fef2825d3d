package org.leap.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlSimilarities;
import org.leap.eval.ExitSweep;
import org.leap.eval.LayerDiagnostics;
import org.leap.eval.SentenceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leap diagnose}: is this model exit-compatible? Per-layer convergence and the exit sweep over theta. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
    description = "Per-layer diagnostics (sim to final, stability, contraction, NN@10) and exit rates over theta.")
final class DiagnoseCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--sentences", required = true, description = "file with one sentence per line")
    Path sentences;

    @Option(names = "--limit", defaultValue = "0", description = "use only the first N sentences (0: all)")
    int limit;

    @Option(names = "--out", description = "folder for diagnose.json and layers.svg (default: out/diagnose-<model>)")
    Path out;

    @Override
    public Integer call() {
        List<String> texts = SentenceFile.read(sentences, limit);
        try (SentenceEncoder model = encoder.load()) {
            int layers = model.model().layers();
            ExitPolicy policy = encoder.policy(model.model());
            List<Embedding> traced = model.encode(texts, EncodeOptions.traced(policy));
            LayerDiagnostics diagnostics = LayerDiagnostics.of(traced, new DjlSimilarities(), 10);
            List<ExitSweep> sweeps = ExitSweeps.replay(traced, policy);
            Map<String, Object> report = report(model, policy, texts.size(), diagnostics, sweeps);
            Path folder = out == null ? Path.of("out", "diagnose-" + encoder.model) : out;
            Output.writeJson(folder.resolve("diagnose.json"), report);
            LayerChart.write(folder.resolve("layers.svg"), encoder.model, diagnostics, sweeps);
            if (encoder.json) {
                Output.printJson(report);
            } else {
                printTable(model, policy, texts.size(), diagnostics, sweeps, folder);
            }
        }
        return 0;
    }

    private static Map<String, Object> report(SentenceEncoder model, ExitPolicy policy, int n, LayerDiagnostics d,
                                              List<ExitSweep> sweeps) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.model().name());
        report.put("device", model.device().name());
        report.put("sentences", n);
        report.put("patience", policy.patience());
        report.put("min_layer", policy.minLayer());
        Map<String, Object> layers = new LinkedHashMap<>();
        layers.put("sim_to_final", Output.round(d.simToFinal()));
        layers.put("stability", Output.round(d.stability()));
        layers.put("contraction", Output.round(d.contraction()));
        layers.put("nn10_overlap", Output.round(d.nnOverlap()));
        report.put("layers", layers);
        report.put("thetas", sweeps.stream().map(ExitSweeps::json).toList());
        return report;
    }

    private static void printTable(SentenceEncoder model, ExitPolicy policy, int n, LayerDiagnostics d, List<ExitSweep> sweeps,
                                   Path folder) {
        System.out.printf("model %s on %s, %d sentences, k=%d, l_min=%d%n%n", model.model().name(), model.device(), n,
            policy.patience(), policy.minLayer());
        System.out.println("layer  sim-to-final  stability  contraction  NN@10");
        for (int l = 0; l < d.simToFinal().length; l++) {
            System.out.printf("%5d  %s         %s      %s        %s%n", l + 1, Output.f3(d.simToFinal()[l]),
                Output.f3(d.stability()[l]), Output.f3(d.contraction()[l]), Output.f3(d.nnOverlap()[l]));
        }
        System.out.println();
        System.out.println(ExitSweeps.header());
        sweeps.forEach(s -> System.out.println(ExitSweeps.row(s)));
        System.out.println();
        System.out.println("A high exit rate with a low sim-to-final is false convergence: rows leave early, far from the final layer.");
        System.out.println("wrote " + folder.resolve("diagnose.json") + " and " + folder.resolve("layers.svg"));
    }
}
