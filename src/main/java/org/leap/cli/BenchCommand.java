package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.leap.encoder.EncodeMode;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.engine.EncoderConfig;
import org.leap.encoder.engine.EncoderEngine;
import org.leap.encoder.onnx.OnnxRuntimeEncoder;
import org.leap.eval.SentenceFile;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextTokenizer;
import org.leap.text.TokenizedText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap bench}: what early exit buys against the encoder a user would otherwise run, the public model's ONNX
 * graph on ONNX Runtime, measured on real texts per token-length bucket. The LEAP model's early exit, full depth and
 * monitoring-only runs are interleaved with the baseline round by round, beside a GEMM ceiling of the layer's own
 * shapes, so each variant's speed is also read as a share of what this machine's matrix products reach.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Latency, throughput and share of the GEMM ceiling per token-length bucket: early exit, full depth and "
        + "monitoring against a baseline model on ONNX Runtime.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--baseline", defaultValue = "bge-small-en-v1.5",
        description = "model run on ONNX Runtime at full depth as the baseline (default ${DEFAULT-VALUE})")
    String baseline;

    @Option(names = "--sentences", defaultValue = "samples/stsb-dev-300-sentences.txt",
        description = "short texts, one per line (default ${DEFAULT-VALUE})")
    Path sentences;

    @Option(names = "--passages", description = "long texts added to the sentences: a TSV with a [text] column or one text per line, "
        + "plain or gzip, e.g. ../shared/data/passages/passages.tsv.gz")
    Path passages;

    @Option(names = "--buckets", split = ",", defaultValue = "16,64,256,512",
        description = "token-length buckets by upper bound, each holding (previous bound, bound] (default ${DEFAULT-VALUE})")
    int[] buckets;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32", description = "batch sizes (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--rounds", defaultValue = "40", description = "timed rounds per bucket and batch size (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed rounds first (default ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() {
        for (int batch : batches) {
            if (batch < 1) {
                throw new IllegalArgumentException("--batches must be at least 1, got " + batch);
            }
        }
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--rounds must be at least 1 and --warmup at least 0, got " + rounds + " and " + warmup);
        }
        EncoderConfig config = encoder.config();
        int threads = config.threads();
        ModelCatalog catalog = encoder.catalog();
        ModelDescriptor model = catalog.descriptor(encoder.model);
        List<String> sentenceTexts = SentenceFile.read(sentences, 0);
        List<String> passageTexts = passages == null ? List.of() : PassageFile.read(passages);
        LengthBuckets lengthBuckets = bucket(catalog, model, sentenceTexts, passageTexts);

        Map<String, Object> report = new LinkedHashMap<>();
        EncoderEngine engine = EncoderEngine.parse(encoder.engine);
        // ONNX Runtime first: a session created after libtorch loads breaks PyTorch (see OnnxRuntimeEncoder)
        try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.load(catalog, baseline, Integer.MAX_VALUE, threads);
             SentenceEncoder leap = engine.load(catalog, encoder.model, new EncoderConfig(config.device(), Integer.MAX_VALUE,
                 config.tokenBudget(), threads))) {
            ExitPolicy policy = encoder.policy(leap.model());
            List<BenchVariant> variants = List.of(
                new BenchVariant(BenchCell.BASELINE, ort, EncodeOptions.fullDepth(policy)),
                new BenchVariant(BenchCell.EARLY_EXIT, leap, EncodeOptions.earlyExit(policy)),
                new BenchVariant(BenchCell.FULL_DEPTH, leap, EncodeOptions.fullDepth(policy)),
                new BenchVariant(BenchCell.MONITOR_ONLY, leap, EncodeOptions.fullDepth(policy).withMode(EncodeMode.MONITOR_ONLY)));
            String runsOn = leap.engine() + " on " + leap.device();
            report.put("model", model.name());
            report.put("baseline", ordered("model", ort.model().name(), "engine", ort.engine()));
            report.put("engine", leap.engine());
            report.put("device", leap.device().name());
            report.put("threads", threads);
            report.put("token_budget", config.tokenBudget());
            report.put("rounds", rounds);
            report.put("warmup", warmup);
            report.put("policy", ordered("theta", policy.theta(), "patience", policy.patience(), "min_layer", policy.minLayer()));
            report.put("texts", ordered("sentences", sentenceTexts.size(), "passages", passageTexts.size(), "longer_than_last_bucket",
                lengthBuckets.leftOut()));
            if (encoder.json == false) {
                BenchTable.header(model.name(), ort.model().name(), runsOn, threads, policy);
                BenchTable.texts(sentenceTexts.size(), passageTexts.size(), lengthBuckets.leftOut());
            }
            report.put("buckets", bench(lengthBuckets, new InterleavedRounds(variants, rounds, warmup), model,
                EncoderEngine.parse(leap.engine()), config));
        }
        if (encoder.json) {
            Output.printJson(report);
        }
        return 0;
    }

    /** Counts tokens with the model's own tokenizer and prefix, as its encoder will. */
    private LengthBuckets bucket(ModelCatalog catalog, ModelDescriptor model, List<String> sentenceTexts, List<String> passageTexts) {
        int last = buckets[buckets.length - 1];
        if (last > model.maxLength()) {
            throw new IllegalArgumentException("--buckets goes up to " + last + " tokens but model [" + model.name()
                + "] truncates at " + model.maxLength() + "; end the buckets at " + model.maxLength() + " or below");
        }
        List<String> texts = new ArrayList<>(sentenceTexts);
        texts.addAll(passageTexts);
        try (TextTokenizer tokenizer = new TextTokenizer(catalog.tokenizer(model), model.maxLength())) {
            int[] lengths = tokenizer.tokenize(texts, model.queryPrefix()).stream().mapToInt(TokenizedText::length).toArray();
            return LengthBuckets.of(buckets, texts, lengths);
        }
    }

    private List<Map<String, Object>> bench(LengthBuckets lengthBuckets, InterleavedRounds interleaved, ModelDescriptor model,
                                            EncoderEngine engine, EncoderConfig config) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (LengthBuckets.Bucket bucket : lengthBuckets.buckets()) {
            if (encoder.json == false) {
                BenchTable.bucket(bucket);
            }
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int batch : batches) {
                if (bucket.texts().size() < batch) {
                    String reason = "the bucket holds " + bucket.texts().size() + " texts, fewer than the batch size";
                    cells.add(ordered("batch_size", batch, "skipped", reason));
                    if (encoder.json == false) {
                        BenchTable.skipped(batch, reason);
                    }
                    continue;
                }
                try (GemmCeiling ceiling = GemmCeiling.of(engine, config.device(), config.threads(),
                    (long) batch * bucket.typicalLength(), model.hidden())) {
                    BenchCell cell = interleaved.run(bucket, batch, ceiling, model.layers());
                    cells.add(cell.json());
                    if (encoder.json == false) {
                        BenchTable.cell(cell, rounds);
                    }
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("above_tokens", bucket.above());
            result.put("max_tokens", bucket.upTo());
            result.put("texts", bucket.texts().size());
            result.put("median_tokens", bucket.texts().isEmpty() ? null : bucket.typicalLength());
            result.put("batches", cells);
            results.add(result);
        }
        return results;
    }

    /** A JSON object from key, value pairs, keys in the order given so reports diff cleanly. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
