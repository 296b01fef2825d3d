package org.leap.plugin.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.djl.DjlBertEncoder;
import org.leap.eval.ExitSummary;
import org.leap.eval.StsDataset;
import org.leap.model.ModelCatalog;
import org.leap.plugin.model.ModelRegistry;
import org.leap.training.Trainer;
import org.leap.training.TrainingConfig;
import org.leap.training.TrainingListener;
import org.leap.training.TrainingResult;

/**
 * One job run on the {@code leap_training} pool: the trainer (which goes on from the folder's checkpoint, if any), then
 * the model's metrics, its store and registration. Every end is written to the task once the job's slot is freed, so
 * that no reader sees an ended job that still holds it.
 */
final class TrainingRun implements Runnable, TrainingListener {
    private static final Logger LOG = LogManager.getLogger(TrainingRun.class);
    /** Progress reaches the task document at most this often; state changes always do. */
    private static final long PROGRESS_EVERY_MILLIS = 2_000;
    static final String STOPPED = "the node stopped while the job ran and kept no checkpoint of it; start the job again";

    /** What a run needs from the node, the same for every job. */
    record Node(TrainingTaskStore tasks, FinalStates finals, StoredModels storedModels, ModelRegistry registry, Path storedRoot,
        Consumer<String> announceTrained, JobTable table, BooleanSupplier closing) {}

    private final Node node;
    private volatile TrainingTask task;
    /** The final state once recorded; it becomes {@link #task} only when the slot is free, so that an ended job never holds it. */
    private volatile TrainingTask ended;
    private final TrainingConfig config;
    private final List<String> heldOut;
    private final StsDataset pairs;
    private final JobFolder folder;
    private final CompletableFuture<TrainingTask> done = new CompletableFuture<>();
    private volatile boolean cancelled;
    private long lastWrite;
    private boolean stored;

    /** @param pairs scored pairs for the Spearman, or null */
    TrainingRun(Node node, TrainingTask task, TrainingConfig config, List<String> heldOut, StsDataset pairs, JobFolder folder) {
        this.node = node;
        this.task = task;
        this.config = config;
        this.heldOut = List.copyOf(heldOut);
        this.pairs = pairs;
        this.folder = folder;
    }

    String taskId() {
        return task.taskId();
    }

    String modelId() {
        return task.modelId();
    }

    TrainingTask task() {
        return task;
    }

    void cancel() {
        cancelled = true;
    }

    /** Completes with the final task once the job has ended and freed its slot. */
    CompletableFuture<TrainingTask> done() {
        return done;
    }

    @Override
    public void run() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // DJL finds its engine through the context class loader; on a pool thread that is not the plugin's
        thread.setContextClassLoader(TrainingRun.class.getClassLoader());
        boolean keepFolder = false;
        try {
            if (cancelled) {
                end(TaskState.CANCELLED, "cancelled before it started", Map.of());
                return;
            }
            if (task.state() != TaskState.RUNNING) {
                task = task.running(System.currentTimeMillis());
                node.tasks().put(task, true);
            }
            long start = System.nanoTime();
            TrainingResult result = new Trainer(config, new ModelCatalog(TrainingRun.class.getClassLoader(), config.modelsDir()), null,
                this).run();
            if (result.stopped()) {
                if (cancelled == false && result.checkpoint() != null) {
                    // the node is stopping: the task stays RUNNING and the next start of this node goes on from the checkpoint
                    keepFolder = true;
                    LOG.info("training task [{}] stopped with the node at step {}; it resumes when the node starts", task.taskId(),
                        result.stepsDone());
                    return;
                }
                end(cancelled ? TaskState.CANCELLED : TaskState.FAILED, cancelled ? "cancelled at step " + result.stepsDone() + " of "
                    + result.totalSteps() : STOPPED, Map.of());
                return;
            }
            Map<String, Object> metrics = measure(result);
            metrics.put("training_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            metrics.put("seconds_per_step", Math.round(result.secondsPerStep() * 1000) / 1000.0);
            if (cancelled) {
                end(TaskState.CANCELLED, "cancelled after the last step, before the model was stored", Map.of());
                return;
            }
            node.storedModels().store(task.modelId(), task.taskId(), result.modelDir(), metrics);
            stored = true;
            Path target = node.storedRoot().resolve(task.modelId());
            JobFolder.deleteTree(target);
            Files.createDirectories(node.storedRoot());
            Files.move(result.modelDir(), target, StandardCopyOption.ATOMIC_MOVE);
            node.registry().add(task.modelId(), node.storedRoot(), metrics);
            node.announceTrained().accept(task.modelId());
            end(TaskState.COMPLETED, null, metrics);
            LOG.info("training task [{}] trained model [{}]: {}", task.taskId(), task.modelId(), metrics);
        } catch (Exception | Error e) {
            // an Error too (a native library failing to link): the task must not stay RUNNING with no job behind it
            LOG.error("training task [" + task.taskId() + "] for model [" + task.modelId() + "] failed", e);
            if (stored && node.registry().has(task.modelId()) == false) {
                // a model the task does not report as trained must not stay behind
                try {
                    node.storedModels().delete(task.modelId());
                } catch (RuntimeException deleteFailure) {
                    e.addSuppressed(deleteFailure);
                    LOG.error("cannot delete stored model [" + task.modelId() + "] of failed task [" + task.taskId() + "]",
                        deleteFailure);
                }
            }
            end(TaskState.FAILED, ModelRegistry.describe(e), Map.of());
            if (e instanceof VirtualMachineError vmError) {
                throw vmError;
            }
        } finally {
            thread.setContextClassLoader(previous);
            if (keepFolder == false) {
                folder.delete();
            }
            node.table().ended(this);
            if (ended != null) {
                // written only now: a reader on any node that sees the final state may start the next job at once
                node.finals().record(ended);
                task = ended;
            }
            done.complete(task);
        }
    }

    /**
     * Exit rate and layer reduction of the trained model on the held-out sentences, and its Spearman on the pairs
     * (early exit and full depth), at its default exit settings.
     */
    private Map<String, Object> measure(TrainingResult result) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("steps", result.stepsDone());
        metrics.put("final_loss", result.lastTerms().get("loss"));
        if (heldOut.isEmpty() && pairs == null) {
            return metrics;
        }
        ModelCatalog catalog = new ModelCatalog(TrainingRun.class.getClassLoader(), config.outputDir());
        try (DjlBertEncoder encoder = DjlBertEncoder.load(catalog, config.modelName(), config.device(), config.batchSize(),
            LengthBatches.DEFAULT_TOKEN_BUDGET)) {
            int layers = encoder.model().layers();
            ExitPolicy policy = ExitPolicy.defaultFor(layers);
            metrics.put("theta", policy.theta());
            if (heldOut.isEmpty() == false) {
                ExitSummary exits = ExitSummary.of(encoder.encode(heldOut, EncodeOptions.earlyExit(policy)), layers);
                metrics.put("eval_sentences", heldOut.size());
                metrics.put("exit_rate", round(exits.exitRate()));
                metrics.put("mean_exit_layer", round(exits.meanExitLayer()));
                metrics.put("layer_reduction", round(exits.layerReduction()));
            }
            if (pairs != null) {
                metrics.put("eval_pairs", pairs.pairs().size());
                metrics.put("eval_spearman", round(pairs.spearman(vectors(encoder.encode(pairs.sentences(),
                    EncodeOptions.earlyExit(policy))))));
                metrics.put("eval_spearman_full_depth", round(pairs.spearman(vectors(encoder.encode(pairs.sentences(),
                    EncodeOptions.fullDepth(policy))))));
            }
        }
        return metrics;
    }

    /**
     * Keeps the final state; it is written (through {@link FinalStates}, so that a write that fails is retried, never
     * lost) once the slot is freed. Until then the job still shows its last running state, here and in the tasks index.
     */
    private void end(TaskState state, String reason, Map<String, Object> metrics) {
        ended = task.ended(state, reason, metrics, System.currentTimeMillis());
    }

    @Override
    public void step(long stepsDone, long total, Map<String, Float> terms) {
        task = task.progress(stepsDone, terms);
        long now = System.currentTimeMillis();
        if (now - lastWrite >= PROGRESS_EVERY_MILLIS || stepsDone == total) {
            lastWrite = now;
            try {
                node.tasks().put(task, false);
            } catch (RuntimeException e) {
                LOG.warn("cannot record the progress of training task [" + task.taskId() + "]", e);
            }
        }
    }

    @Override
    public boolean stopRequested() {
        return cancelled || node.closing().getAsBoolean();
    }

    private static float[][] vectors(List<Embedding> embeddings) {
        return embeddings.stream().map(Embedding::vector).toArray(float[][]::new);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
