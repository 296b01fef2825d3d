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
import org.leap.eval.ExitCalibration;
import org.leap.eval.ExitSweep;
import org.leap.eval.SentenceFile;
import org.leap.model.ExitThresholds;
import org.leap.model.ModelFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap calibrate}: computes a trained model's per-layer exit thresholds on held-out text and stores them in
 * its descriptor, where {@code --exit-policy calibrated} (and the plugin's {@code exit_policy: calibrated}) find them.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Calibrate per-layer exit thresholds on held-out sentences and store them with a trained model.")
final class CalibrateCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--sentences", required = true, description = "held-out sentences, one per line (never the evaluation set)")
    Path sentences;

    @Option(names = "--target", defaultValue = "0.95",
        description = "mean similarity to the final layer an exit must keep (default ${DEFAULT-VALUE})")
    double target;

    @Option(names = "--min-rows", defaultValue = "20", description = "fewest held-out rows a layer's threshold may rest on")
    int minRows;

    @Override
    public Integer call() {
        if (encoder.modelsDir == null) {
            throw new IllegalArgumentException("calibrated thresholds are stored with a trained model: give --models-dir");
        }
        Path folder = encoder.modelsDir.resolve(encoder.model);
        if (folder.resolve(ModelFolder.DESCRIPTOR_FILE).toFile().isFile() == false) {
            throw new IllegalArgumentException("no trained model [" + encoder.model + "] in " + encoder.modelsDir);
        }
        List<String> texts = SentenceFile.read(sentences, 0);
        try (SentenceEncoder model = encoder.load()) {
            ExitPolicy global = encoder.policy(model.model()).withTheta(encoder.theta);
            List<Embedding> traced = model.encode(texts, EncodeOptions.traced(global));
            ExitThresholds thresholds = ExitCalibration.calibrate(traced, global, target, minRows,
                sentences.getFileName() + " (" + texts.size() + " sentences)");
            ModelFolder.writeDescriptor(folder, model.model().withExitThresholds(thresholds));
            ExitSweep onHeldOut = ExitSweep.replay(traced, global.withCalibration(thresholds));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", encoder.model);
            report.put("target", target);
            report.put("thetas", thresholds.thetas());
            report.put("held_out", ExitSweeps.json(onHeldOut));
            if (encoder.json) {
                Output.printJson(report);
            } else {
                System.out.printf("%s: thresholds %s (target %.2f, k %d) stored in %s%n", encoder.model, thresholds.thetas(), target,
                    thresholds.patience(), folder.resolve(ModelFolder.DESCRIPTOR_FILE));
                System.out.printf("on the held-out text: exit rate %s, layer reduction %.2fx, mean sim to final %s%n",
                    Output.f3(onHeldOut.exitRate()), onHeldOut.layerReduction(), Output.f3(onHeldOut.meanSimToFinal()));
            }
        }
        return 0;
    }
}
