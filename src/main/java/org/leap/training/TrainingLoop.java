package org.leap.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.leap.encoder.djl.BertNetwork;
import org.leap.model.Tensor;

/**
 * The step loop of one session: resume from the newest checkpoint, then forward, loss, backward, global-norm clipping
 * and an AdamW update per step, a checkpoint every {@code checkpoint_every} steps, and a clean stop when the stop file
 * appears. The {@link Trainer} builds what it needs; this class only runs it.
 *
 * <p>Memory stays flat: every step's arrays live in a manager closed at the end of the step, the backward pass frees
 * the graph, and the optimizer and the gradient norm close each gradient handle they take.
 */
final class TrainingLoop {
    static final String PROJECTION = "projection";

    /** How the session ended. */
    record Outcome(long step, long resumedFrom, boolean stopped, Path checkpoint, double secondsPerStep,
                   Map<String, Float> lastTerms) {}

    private final TrainingConfig config;
    private final Map<String, String> info;
    private final LeapLoss loss;
    private final BatchSchedule batches;
    private final Teacher teacher;
    private final BertNetwork student;
    private final long[][] studentTokens;
    private final Map<String, NDArray> trainable;
    private final NDArray projection;
    private final AdamW optimizer;
    private final HeldOutProbe probe;
    private final ProgressLog log;
    private final TrainingListener listener;
    private final NDManager root;
    private final Checkpoints checkpoints;
    private final LearningRate learningRate;
    private final RetrievalStep retrieval;

    /**
     * @param info provenance written into checkpoints; a resumed checkpoint must agree on teacher and student_init
     * @param trainable parameters by name, gradients on; {@value #PROJECTION} is the width projection when present
     * @param probe held-out probe run at each checkpoint, or null
     * @param retrieval the retrieval terms of each step, or null when the config has none
     */
    TrainingLoop(TrainingConfig config, Map<String, String> info, LeapLoss loss, BatchSchedule batches, Teacher teacher,
                 BertNetwork student, long[][] studentTokens, Map<String, NDArray> trainable, AdamW optimizer,
                 HeldOutProbe probe, ProgressLog log, TrainingListener listener, NDManager root, RetrievalStep retrieval) {
        this.config = config;
        this.info = Map.copyOf(info);
        this.loss = loss;
        this.batches = batches;
        this.teacher = teacher;
        this.student = student;
        this.studentTokens = studentTokens;
        this.trainable = trainable;
        this.projection = trainable.get(PROJECTION);
        this.optimizer = optimizer;
        this.probe = probe;
        this.log = log;
        this.listener = listener;
        this.root = root;
        // keep_checkpoints 0: no checkpoints, so nothing to resume from either
        this.checkpoints = config.keepCheckpoints() == 0 ? null
            : new Checkpoints(config.outputDir().resolve("checkpoints"), config.keepCheckpoints());
        this.learningRate = new LearningRate(config.lr(), config.warmup(), config.steps(), config.decay());
        this.retrieval = retrieval;
    }

    Outcome run() {
        long start = checkpoints == null ? 0 : resume();
        long step = start;
        List<Path> existing = checkpoints == null ? List.of() : checkpoints.files();
        Path lastCheckpoint = existing.isEmpty() ? null : existing.get(0);
        long lastSaved = start;
        Map<String, Float> lastTerms = Map.of();
        boolean stopped = false;
        log.startAt(start);
        log.event("start", Map.of("step", start, "steps", config.steps(), "batches_per_epoch", batches.batchesInEpoch(0),
            "trainable_parameters", trainable.values().stream().mapToLong(NDArray::size).sum()));
        long began = System.nanoTime();
        while (step < config.steps()) {
            if (Files.exists(config.stopFile()) || listener.stopRequested()) {
                stopped = true;
                break;
            }
            lastTerms = step(step);
            step++;
            listener.step(step, config.steps(), lastTerms);
            if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                lastCheckpoint = save(step, lastCheckpoint);
                lastSaved = step;
                if (probe != null) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("step", step);
                    fields.putAll(probe.run(student, root));
                    log.event("probe", fields);
                }
            }
        }
        double secondsPerStep = step > start ? (System.nanoTime() - began) / 1e9 / (step - start) : Double.NaN;
        if (stopped) {
            if (lastSaved != step) {
                lastCheckpoint = save(step, lastCheckpoint);
            }
            log.event("stop", Map.of("step", step, "stop_file", config.stopFile().toString(), "requested",
                Files.exists(config.stopFile()) ? "stop_file" : "listener"));
        }
        return new Outcome(step, start, stopped, lastCheckpoint, secondsPerStep, lastTerms);
    }

    /** One optimizer step on the batch of this 0-based step; returns the loss terms. */
    Map<String, Float> step(long step) {
        int[] rows = batches.batch(step);
        double lr = learningRate.at(step);
        Map<String, Float> terms;
        long t0 = System.nanoTime();
        long t1;
        long t2;
        try (NDManager batch = root.newSubManager()) {
            TeacherEmbeddings teacherEmbeddings = teacher.embed(rows, batch);
            t1 = System.nanoTime();
            try (GradientCollector collector = root.getEngine().newGradientCollector()) {
                List<NDArray> pooled = PooledForward.run(student, studentTokens, rows, batch);
                LeapLoss.Value value = loss.compute(pooled, teacherEmbeddings, step / (double) config.steps(), projection);
                NDArray total = value.total();
                terms = value.terms();
                if (retrieval != null) {
                    RetrievalLoss.Value more = retrieval.compute(rows, step, pooled, teacherEmbeddings.finalLayer(), student, teacher,
                        batch);
                    if (more.total() != null) {
                        total = total.add(more.total());
                    }
                    terms = new LinkedHashMap<>(terms);
                    terms.put("loss", total.getFloat());
                    terms.putAll(more.terms());
                }
                t2 = System.nanoTime();
                collector.backward(total);
            }
        }
        long t3 = System.nanoTime();
        double norm = GradientNorm.of(trainable.values());
        boolean finite = Double.isFinite(norm);
        if (finite) {
            optimizer.step(lr, GradientNorm.clipScale(norm, config.gradClip()));
        } else {
            // A NaN or infinite gradient would poison the moments for good: drop this step's gradient instead.
            optimizer.skip();
        }
        long t4 = System.nanoTime();
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put("teacher", (t1 - t0) / 1_000_000);
        millis.put("forward", (t2 - t1) / 1_000_000);
        millis.put("backward", (t3 - t2) / 1_000_000);
        millis.put("optimizer", (t4 - t3) / 1_000_000);
        log.step(step + 1, terms, lr, norm, finite == false, millis);
        return terms;
    }

    private long resume() {
        Optional<Checkpoint> found = checkpoints.latest(log::message);
        if (found.isEmpty()) {
            return 0;
        }
        Checkpoint c = found.get();
        for (String key : List.of("teacher", "student_init")) {
            if (info.get(key).equals(c.info().get(key)) == false) {
                throw new IllegalArgumentException("the checkpoint at step " + c.step() + " in " + config.outputDir()
                    + " was trained with " + key + " [" + c.info().get(key) + "] but the config says [" + info.get(key)
                    + "]; use another output_dir");
            }
        }
        if (c.parameters().keySet().equals(trainable.keySet()) == false) {
            throw new IllegalArgumentException("the checkpoint at step " + c.step() + " holds " + c.parameters().size()
                + " trained parameters but this run trains " + trainable.size()
                + " (was freeze_word_embeddings changed?); use another output_dir");
        }
        trainable.forEach((name, p) -> AdamW.copyInto(p, c.parameters().get(name), name));
        optimizer.restore(c.optimizerState(), c.optimizerSteps());
        log.event("resume", Map.of("step", c.step(), "optimizer_steps", c.optimizerSteps()));
        return c.step();
    }

    /**
     * Writes the teacher vectors new since the last save, then a checkpoint, or nothing when the run keeps none;
     * returns the checkpoint, or the previous one (null for none).
     */
    private Path save(long step, Path previous) {
        if (checkpoints == null) {
            return previous;
        }
        Path segment = teacher.saveCache();
        if (segment != null) {
            log.event("teacher_cache", Map.of("step", step, "file", segment.toString()));
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        trainable.forEach((name, p) -> params.put(name, new Tensor(name, p.getShape().getShape(), p.toFloatArray())));
        Map<String, Tensor> state = new LinkedHashMap<>();
        optimizer.state().forEach(t -> state.put(t.name(), t));
        Path file = checkpoints.save(new Checkpoint(step, optimizer.steps(), info, params, state));
        log.event("checkpoint", Map.of("step", step, "file", file.toString()));
        return file;
    }
}
