package org.leap.cli;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.engine.EncoderConfig;
import org.leap.encoder.engine.EncoderEngine;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import picocli.CommandLine.Option;

/** Options shared by every command that encodes: the model, the exit rule, the device and the output form. */
final class EncoderOptions {
    @Option(names = "--model", required = true, description = "model name, e.g. leap-bge-small, bge-small-en-v1.5, e5-small-v2, all-MiniLM-L6-v2")
    String model;

    @Option(names = "--theta", defaultValue = "0.95", description = "exit threshold in (0, 1] (default ${DEFAULT-VALUE})")
    double theta;

    @Option(names = "--patience", defaultValue = "1", description = "k: compare layer l with layer l-k (default ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--min-layer", description = "l_min, the first layer allowed to exit (default: half the model's layers)")
    Integer minLayer;

    @Option(names = "--exit-policy", defaultValue = "global",
        description = "global (one theta) or calibrated (the model's per-layer thresholds, see leap calibrate); default ${DEFAULT-VALUE}")
    String exitPolicy;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--batch-size", defaultValue = "32", description = "rows per forward pass at most (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--token-budget", description = "rows x longest row per forward pass at most (default "
        + LengthBatches.DEFAULT_TOKEN_BUDGET + ")")
    Integer tokenBudget;

    @Option(names = "--engine", defaultValue = "onnxruntime",
        description = "onnxruntime (each layer on ONNX Runtime, CPU) or pytorch (DJL; GPU); default ${DEFAULT-VALUE}")
    String engine;

    @Option(names = "--threads", description = "intra-op threads of one encode (default: every processor)")
    Integer threads;

    @Option(names = "--models-dir", description = "folder of trained models (<name>/model.json), besides the shipped ones")
    java.nio.file.Path modelsDir;

    @Option(names = "--json", description = "print machine-readable JSON on stdout instead of tables")
    boolean json;

    ExitPolicy policy(ModelDescriptor model) {
        int lMin = minLayer == null ? ExitPolicy.defaultFor(model.layers()).minLayer() : minLayer;
        ExitPolicy global = new ExitPolicy(theta, patience, lMin).checkedFor(model.layers());
        return switch (exitPolicy) {
            case "global" -> global;
            case "calibrated" -> global.calibratedFor(model);
            default -> throw new IllegalArgumentException("--exit-policy must be global or calibrated, got [" + exitPolicy + "]");
        };
    }

    /** The model on the chosen engine. */
    SentenceEncoder load() {
        return load(model);
    }

    /** Another model on the same engine, device and threads. */
    SentenceEncoder load(String name) {
        return EncoderEngine.parse(engine).load(catalog(), name, config());
    }

    EncoderConfig config() {
        return new EncoderConfig(DeviceRequest.parse(device, "--device"), batchSize,
            tokenBudget == null ? LengthBatches.DEFAULT_TOKEN_BUDGET : tokenBudget,
            threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    }

    ModelCatalog catalog() {
        return new ModelCatalog(ModelCatalog.class.getClassLoader(), modelsDir);
    }
}
