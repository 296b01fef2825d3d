package org.leap.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.leap.encoder.djl.DjlEngine;
import org.leap.training.Trainer;
import org.leap.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leap train}: a LEAP distillation run from a JSON config. A thin shell over {@link Trainer#train}, the same
 * library call a REST training job makes. Re-running the same config resumes from its last checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train an exit-aware student (LEAP loss) from a JSON config; resumes from the last checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "training config (JSON)")
    Path config;

    @Option(names = "--json", description = "print the result as JSON on stdout")
    boolean json;

    @Option(names = "--threads", description = "libtorch's intra-op threads, inter-op 1 as the "
        + "encoders run (default: libtorch's own, every processor); 1 keeps a run steady beside other work on the cores")
    Integer threads;

    @Override
    public Integer call() {
        if (threads != null) {
            DjlEngine.configureThreads(threads, 1);
        }
        TrainingResult result = Trainer.train(config, json ? System.err : System.out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", result.modelName());
        report.put("model_dir", result.modelDir().toString());
        report.put("steps_done", result.stepsDone());
        report.put("total_steps", result.totalSteps());
        report.put("resumed_from", result.resumedFrom());
        report.put("finished", result.finished());
        report.put("checkpoint", String.valueOf(result.checkpoint()));
        report.put("seconds_per_step", Output.round(result.secondsPerStep()));
        report.put("last_terms", result.lastTerms());
        if (json) {
            Output.printJson(report);
        } else {
            System.out.printf("%s: %d/%d steps%s, model in %s, checkpoint %s%n", result.modelName(), result.stepsDone(),
                result.totalSteps(), result.finished() ? "" : " (stopped; run again to resume)", result.modelDir(), result.checkpoint());
        }
        return 0;
    }
}
