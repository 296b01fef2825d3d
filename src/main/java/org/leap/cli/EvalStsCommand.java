package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;
import org.leap.encoder.SentenceEncoder;
import org.leap.eval.ExitCalibration;
import org.leap.eval.ExitSummary;
import org.leap.eval.ExitSweep;
import org.leap.eval.SentenceFile;
import org.leap.eval.Spearman;
import org.leap.eval.StsDataset;
import org.leap.model.ExitThresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap eval sts}: Spearman of cosine against gold scores at full depth and with early exit (the real
 * early-exit path at the given theta), plus the replayed sweep over the theta grid.
 */
@Command(name = "sts", mixinStandardHelpOptions = true, description = "STS Spearman: full depth vs early exit.")
final class EvalStsCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--data", required = true, description = "STS-B format file (tab-separated; score in field 5, sentences in 6 and 7)")
    Path data;

    @Option(names = "--calibrate-on",
        description = "held-out sentences (one per line): calibrate per-layer thresholds on them for each target of the grid "
            + "and replay them here (the calibrated policy's Pareto curve)")
    Path calibrateOn;

    @Override
    public Integer call() {
        StsDataset sts = StsDataset.read(data);
        List<String> texts = sts.sentences();
        try (SentenceEncoder model = encoder.load()) {
            ExitPolicy policy = encoder.policy(model.model());
            List<Embedding> traced = model.encode(texts, EncodeOptions.traced(policy));
            List<Embedding> exited = model.encode(texts, EncodeOptions.earlyExit(policy));
            float[][] full = traced.stream().map(Embedding::vector).toArray(float[][]::new);
            float[][] early = exited.stream().map(Embedding::vector).toArray(float[][]::new);
            ExitSweep atPolicy = ExitSweep.replay(traced, policy);
            ExitSummary exits = ExitSummary.of(exited, model.model().layers());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.model().name());
            report.put("device", model.device().name());
            report.put("pairs", sts.pairs().size());
            report.put("full_depth", Map.of("spearman", Output.round(spearman(sts, full))));
            Map<String, Object> earlyReport = new LinkedHashMap<>();
            earlyReport.put("exit_policy", policy.calibrated() == null ? "global" : "calibrated");
            earlyReport.put("theta", policy.calibrated() == null ? policy.theta() : policy.calibrated().thetas());
            earlyReport.put("patience", policy.patience());
            earlyReport.put("min_layer", policy.minLayer());
            earlyReport.put("spearman", Output.round(spearman(sts, early)));
            earlyReport.put("exit_rate", Output.round(exits.exitRate()));
            earlyReport.put("layer_reduction", Output.round(exits.layerReduction()));
            earlyReport.put("mean_sim_to_final", Output.round(atPolicy.meanSimToFinal()));
            earlyReport.put("histogram", exits.histogram());
            report.put("early_exit", earlyReport);
            List<Map<String, Object>> sweep = new ArrayList<>();
            for (ExitSweep s : ExitSweeps.replay(traced, policy)) {
                Map<String, Object> m = ExitSweeps.json(s);
                m.put("spearman", Output.round(spearman(sts, ExitSweep.exitVectors(traced, policy.withTheta(s.theta())))));
                sweep.add(m);
            }
            report.put("thetas", sweep);
            if (calibrateOn != null) {
                List<Embedding> held = model.encode(SentenceFile.read(calibrateOn, 0), EncodeOptions.traced(policy));
                List<Map<String, Object>> calibrated = new ArrayList<>();
                for (double target : ExitSweeps.THETAS) {
                    ExitThresholds thresholds = ExitCalibration.calibrate(held, policy, target, 20, calibrateOn.toString());
                    calibrated.add(calibrated(sts, traced, policy.withCalibration(thresholds)));
                }
                report.put("calibrated", calibrated);
            }
            if (encoder.json) {
                Output.printJson(report);
            } else {
                System.out.printf("model %s on %s, %d pairs%n", model.model().name(), model.device(), sts.pairs().size());
                System.out.printf("full depth  Spearman %s%n", Output.f3(spearman(sts, full)));
                System.out.printf("early exit  Spearman %s  (theta %s, k %d, l_min %d: exit rate %s, layer reduction %.2fx)%n%n",
                    Output.f3(spearman(sts, early)), earlyReport.get("theta"), policy.patience(), policy.minLayer(),
                    Output.f3(exits.exitRate()), exits.layerReduction());
                System.out.println("theta  Spearman  exit   L/E[l]  sim-to-final");
                sweep.forEach(m -> System.out.printf("%4.2f   %s     %s  %5.2fx  %s%n", (Double) m.get("theta"),
                    Output.f3((Double) m.get("spearman")), Output.f3((Double) m.get("exit_rate")), (Double) m.get("layer_reduction"),
                    Output.f3((Double) m.get("mean_sim_to_final"))));
                if (report.get("calibrated") instanceof List<?> calibrated) {
                    System.out.printf("%ncalibrated on %s%ntarget  Spearman  exit   L/E[l]  thresholds%n", calibrateOn);
                    for (Object o : calibrated) {
                        Map<?, ?> c = (Map<?, ?>) o;
                        System.out.printf("%4.2f   %s     %s  %5.2fx  %s%n", (Double) c.get("target"), Output.f3((Double) c.get("spearman")),
                            Output.f3((Double) c.get("exit_rate")), (Double) c.get("layer_reduction"), c.get("thetas"));
                    }
                }
            }
        }
        return 0;
    }

    /** The calibrated policy replayed over the traced rows, as the theta sweep reports a global one. */
    private static Map<String, Object> calibrated(StsDataset sts, List<Embedding> traced, ExitPolicy calibrated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", calibrated.calibrated().target());
        m.put("thetas", calibrated.calibrated().thetas());
        m.put("spearman", Output.round(spearman(sts, ExitSweep.exitVectors(traced, calibrated))));
        m.putAll(ExitSweeps.json(ExitSweep.replay(traced, calibrated)));
        m.remove("theta"); // the global theta, which a calibrated policy does not use
        return m;
    }

    static double spearman(StsDataset sts, float[][] vectors) {
        double[] cosines = new double[sts.pairs().size()];
        for (int i = 0; i < cosines.length; i++) {
            cosines[i] = VectorMath.cosine(vectors[2 * i], vectors[2 * i + 1]);
        }
        return Spearman.correlation(cosines, sts.scores());
    }

}
