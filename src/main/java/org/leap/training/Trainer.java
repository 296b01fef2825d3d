package org.leap.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.leap.encoder.djl.BertNetwork;
import org.leap.encoder.djl.DjlEngine;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextTokenizer;
import org.leap.text.TokenizedText;

/**
 * Trains a LEAP student: a library call, config in, result out. The student starts from a catalog model and learns
 * from a frozen teacher on unlabeled sentences; checkpoints (weights and AdamW state) let a run stop and resume
 * across sessions, and the result is a model folder the catalog and {@code DjlBertEncoder} load by name.
 *
 * <p>Everything checkable is checked before the first weight loads: the config (when read), the model names, the
 * loss layers against the student's depth, the token budget, and the data. A stop file, checked every step, ends the
 * session cleanly with a checkpoint; killing the JVM instead may crash libtorch and loses the steps since the last
 * checkpoint, but never corrupts one.
 */
public final class Trainer {
    private static final int TOKENIZE_SLICE = 8192;

    private final TrainingConfig config;
    private final ModelCatalog catalog;
    private final PrintStream console;
    private final TrainingListener listener;

    /**
     * @param catalog resolves the teacher and student names
     * @param console progress lines go here; null for none (the JSON log is always written)
     */
    public Trainer(TrainingConfig config, ModelCatalog catalog, PrintStream console) {
        this(config, catalog, console, TrainingListener.NONE);
    }

    /** @param listener sees every step and may stop the run, besides the stop file */
    public Trainer(TrainingConfig config, ModelCatalog catalog, PrintStream console, TrainingListener listener) {
        this.config = config;
        this.catalog = catalog;
        this.console = console;
        this.listener = listener;
    }

    /** Reads the config file and trains, with the shipped models plus the config's {@code models_dir}. */
    public static TrainingResult train(Path configFile, PrintStream console) {
        TrainingConfig config = TrainingConfig.read(configFile);
        return new Trainer(config, new ModelCatalog(Trainer.class.getClassLoader(), config.modelsDir()), console).run();
    }

    public TrainingResult run() {
        if (ModelCatalog.shipped().names().contains(config.modelName())) {
            throw new IllegalArgumentException("[model_name] " + config.modelName() + " is a shipped model's name; pick another");
        }
        ModelDescriptor teacherModel = catalog.descriptor(config.teacher());
        ModelDescriptor studentModel = catalog.descriptor(config.studentInit());
        LeapLoss loss = new LeapLoss(config.loss(), studentModel.layers(), teacherModel.layers());
        for (ModelDescriptor m : List.of(teacherModel, studentModel)) {
            if (config.maxTokens() > m.maxLength()) {
                throw new IllegalArgumentException("[max_tokens] is " + config.maxTokens() + " but model [" + m.name()
                    + "] takes at most " + m.maxLength());
            }
        }
        Corpus corpus;
        try (TextTokenizer counter = new TextTokenizer(catalog.tokenizer(studentModel), studentModel.maxLength())) {
            corpus = Corpus.read(config.data(), counter::countTokens);
        }
        List<String> sentences = corpus.texts();
        if (sentences.size() < config.batchSize()) {
            throw new IllegalArgumentException("the data holds " + sentences.size() + " sentences, fewer than one batch of "
                + config.batchSize());
        }
        List<String> heldOut = config.eval() == null ? List.of() : Corpus.read(List.of(config.eval())).texts();
        heldOut = heldOut.subList(0, Math.min(heldOut.size(), config.evalMaxSentences()));
        prepareOutput();

        Device device = DjlEngine.device(DjlEngine.choose(config.device()));
        try (NDManager root = NDManager.newBaseManager(device, DjlEngine.pytorch().getEngineName());
             ProgressLog log = new ProgressLog(config.outputDir().resolve("train.jsonl"), console, config.logEvery(),
                 config.steps(), 0)) {
            Tokens tokens = tokenize(studentModel, teacherModel, sentences);
            Tokens heldOutTokens = heldOut.isEmpty() ? null : tokenize(studentModel, teacherModel, heldOut);
            log.event("data", dataReport(corpus, tokens, heldOutTokens));
            BatchSchedule schedule = new BatchSchedule(lengths(tokens.student()), config.batchSize(), config.tokenBudget(),
                config.sortChunk(), config.seed());
            TeacherCache finals = loss.config().needsTeacherLayers() ? null : teacherCache(teacherModel, sentences, log);
            try (Teacher teacher = new Teacher(BertNetwork.create(teacherModel, catalog.weights(teacherModel), root, device),
                     tokens.teacher(), finals);
                 BertNetwork student = BertNetwork.create(studentModel, catalog.weights(studentModel), root, device);
                 RetrievalStep retrieval = retrievalStep(studentModel, teacherModel, sentences, tokens)) {
                Map<String, NDArray> trainable = trainable(student, teacherModel, root);
                try (AdamW optimizer = new AdamW(new AdamW.Settings(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                    config.weightDecay()), trainable, root)) {
                    HeldOutProbe probe = heldOutTokens == null ? null
                        : HeldOutProbe.create(heldOutTokens.student(), teacher.network(), heldOutTokens.teacher(),
                            config.batchSize(), root);
                    TrainingLoop loop = new TrainingLoop(config, info(), loss, schedule, teacher, student, tokens.student(),
                        trainable, optimizer, probe, log, listener, root, retrieval);
                    TrainingLoop.Outcome outcome = loop.run();
                    Path modelDir = export(studentModel, student, outcome.step());
                    log.event("model", Map.of("step", outcome.step(), "folder", modelDir.toString()));
                    return new TrainingResult(config.modelName(), modelDir, outcome.step(), config.steps(), outcome.resumedFrom(),
                        outcome.stopped(), outcome.checkpoint(), outcome.secondsPerStep(), outcome.lastTerms());
                }
            }
        }
    }

    /** The retrieval terms' step, or null when the config has none. */
    private RetrievalStep retrievalStep(ModelDescriptor studentModel, ModelDescriptor teacherModel, List<String> texts,
                                        Tokens tokens) {
        if (config.retrieval() == null) {
            return null;
        }
        if (studentModel.hidden() != teacherModel.hidden()) {
            throw new IllegalArgumentException("[retrieval] needs a student as wide as the teacher, got " + studentModel.hidden()
                + " and " + teacherModel.hidden());
        }
        RetrievalLoss loss = new RetrievalLoss(config.retrieval(), studentModel.layers());
        byte[] studentJson = catalog.tokenizer(studentModel);
        byte[] teacherJson = catalog.tokenizer(teacherModel);
        boolean same = tokens.student() == tokens.teacher();
        return new RetrievalStep(new PseudoQueries(texts, lengths(tokens.student()), loss.config(), config.seed(),
            new TextTokenizer(studentJson, config.maxTokens()), studentModel.queryPrefix(),
            same ? null : new TextTokenizer(teacherJson, config.maxTokens()), teacherModel.queryPrefix()), loss);
    }

    private Path export(ModelDescriptor studentModel, BertNetwork student, long step) {
        Map<String, String> provenance = new LinkedHashMap<>(info());
        provenance.put("step", Long.toString(step));
        provenance.put("steps", Integer.toString(config.steps()));
        provenance.put("exported", Instant.now().toString());
        String description = "LEAP-trained from " + config.studentInit() + " with teacher " + config.teacher() + ", step "
            + step + " of " + config.steps() + ", fp16";
        return ModelExport.write(config.outputDir(), config.modelName(), studentModel, student.weights(),
            catalog.tokenizer(studentModel), description, provenance);
    }

    /** Provenance stored in checkpoints; teacher and student_init must match on resume. */
    private Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("teacher", config.teacher());
        info.put("student_init", config.studentInit());
        info.put("seed", Long.toString(config.seed()));
        return info;
    }

    /** Trainable parameters, gradients switched on: the student's (word embeddings unless frozen) and a projection. */
    private Map<String, NDArray> trainable(BertNetwork student, ModelDescriptor teacherModel, NDManager root) {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        student.namedParameters().forEach((name, p) -> {
            if (config.freezeWordEmbeddings() == false || name.equals("embeddings.word") == false) {
                trainable.put(name, p);
            }
        });
        int hs = student.model().hidden();
        int ht = teacherModel.hidden();
        if (hs != ht) {
            float[] init = new float[hs * ht];
            Random random = new Random(config.seed());
            for (int i = 0; i < init.length; i++) {
                init[i] = (float) (random.nextGaussian() / Math.sqrt(hs));
            }
            trainable.put(TrainingLoop.PROJECTION, root.create(init, new Shape(hs, ht)));
        }
        trainable.values().forEach(p -> p.setRequiresGradient(true));
        return trainable;
    }

    /**
     * The teacher's final embeddings: on disk under the output folder when the run checkpoints (so a resumed session
     * reuses them), in memory otherwise.
     *
     * @throws IllegalArgumentException when the folder holds vectors of another teacher, tokenizer or token limit
     */
    private TeacherCache teacherCache(ModelDescriptor teacherModel, List<String> texts, ProgressLog log) {
        TeacherCache.Key key = TeacherCache.Key.of(teacherModel, catalog, catalog.tokenizer(teacherModel), config.maxTokens());
        if (config.keepCheckpoints() == 0) {
            return TeacherCache.inMemory(key, texts);
        }
        Path folder = config.outputDir().resolve("teacher-cache");
        TeacherCache cache = TeacherCache.open(folder, key, texts);
        long covered = IntStream.range(0, texts.size()).filter(r -> cache.get(r) != null).count();
        log.event("teacher_cache", Map.of("folder", folder.toString(), "vectors", cache.size(), "rows_cached", covered,
            "rows", texts.size()));
        return cache;
    }

    /** Texts and texts cut at max_tokens, per data file and for the held-out file, for the log and the console. */
    private Map<String, Object> dataReport(Corpus corpus, Tokens tokens, Tokens heldOut) {
        List<Map<String, Object>> files = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < corpus.sizes().size(); i++) {
            int size = corpus.sizes().get(i);
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", config.data().get(i).path().toString());
            file.put("texts", size);
            file.put("truncated", tokens.truncated(row, row + size));
            files.add(file);
            row += size;
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("max_tokens", config.maxTokens());
        report.put("files", files);
        if (heldOut != null) {
            report.put("eval_truncated", heldOut.truncated(0, heldOut.student().length));
        }
        return report;
    }

    /** @param cut per text, whether the student's or the teacher's tokenization cut it at max_tokens */
    private record Tokens(long[][] student, long[][] teacher, boolean[] cut) {
        int truncated(int from, int to) {
            return (int) IntStream.range(from, to).filter(i -> cut[i]).count();
        }
    }

    /** Tokenizes for the student, and separately for the teacher when its tokenizer or prefix differs. */
    private Tokens tokenize(ModelDescriptor studentModel, ModelDescriptor teacherModel, List<String> sentences) {
        byte[] studentJson = catalog.tokenizer(studentModel);
        byte[] teacherJson = catalog.tokenizer(teacherModel);
        boolean[] cut = new boolean[sentences.size()];
        long[][] student = tokenize(studentJson, studentModel.queryPrefix(), sentences, cut);
        boolean same = Arrays.equals(studentJson, teacherJson) && studentModel.queryPrefix().equals(teacherModel.queryPrefix());
        return new Tokens(student, same ? student : tokenize(teacherJson, teacherModel.queryPrefix(), sentences, cut), cut);
    }

    /** @param cut set for each text the tokenizer cut at max_tokens */
    private long[][] tokenize(byte[] tokenizerJson, String prefix, List<String> sentences, boolean[] cut) {
        long[][] out = new long[sentences.size()][];
        try (TextTokenizer tokenizer = new TextTokenizer(tokenizerJson, config.maxTokens())) {
            for (int start = 0; start < sentences.size(); start += TOKENIZE_SLICE) {
                List<TokenizedText> slice = tokenizer.tokenize(
                    sentences.subList(start, Math.min(sentences.size(), start + TOKENIZE_SLICE)), prefix);
                for (int i = 0; i < slice.size(); i++) {
                    out[start + i] = slice.get(i).ids();
                    cut[start + i] |= slice.get(i).truncated();
                }
            }
        }
        return out;
    }

    private static int[] lengths(long[][] tokens) {
        return Arrays.stream(tokens).mapToInt(t -> t.length).toArray();
    }

    /** Creates the output folder, removes a stop file left by an earlier session and temporaries of a killed one. */
    private void prepareOutput() {
        try {
            Files.createDirectories(config.outputDir());
            if (Files.deleteIfExists(config.stopFile()) && console != null) {
                console.println("removed the stop file " + config.stopFile() + " left by an earlier session");
            }
            Path dir = config.outputDir().resolve("checkpoints");
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the output folder " + config.outputDir(), e);
        }
    }
}
