package org.leap.plugin.training;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.djl.DjlBertEncoder;
import org.leap.eval.StsDataset;
import org.leap.model.ModelCatalog;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.settings.LeapSettings;
import org.leap.training.Trainer;
import org.leap.training.TrainingConfig;
import org.leap.training.TrainingListener;
import org.leap.training.TrainingResult;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.UUIDs;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.threadpool.ThreadPool;

/**
 * Starts, runs, cancels and recovers this node's training jobs. A job is checked and its sentences read before it
 * gets a task (so a bad request leaves no record and a good one never loses its record); it then runs on the bounded
 * {@code leap_training} pool, at most {@code plugins.leap.training.max_concurrent_jobs} at once, and ends COMPLETED
 * with its model stored, or FAILED or CANCELLED with the reason and no model.
 *
 * <p>Methods block on index calls; the transport actions call them on the generic pool.
 */
public final class TrainingJobs implements Closeable {
    private static final Logger LOG = LogManager.getLogger(TrainingJobs.class);
    /** Progress reaches the task document at most this often; state changes always do. */
    private static final long PROGRESS_EVERY_MILLIS = 2_000;
    static final String RESTARTED = "the node restarted while the job ran; start the job again";
    static final String STOPPED = "the node stopped while the job ran; start the job again";

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final TrainingTaskStore tasks;
    private final StoredModels storedModels;
    private final IndexSentences sentences;
    private final ModelRegistry registry;
    private final Path workRoot;
    private final Path storedRoot;
    private final Consumer<String> announceTrained;
    private final Path nodeModelsDir;
    private final int maxJobs;
    private final Semaphore slots;
    private final Map<String, Job> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * @param dataDir this node's {@code path.data}/leap: job folders go to {@code training/}, stored models to
     *        {@code trained-models/}
     * @param nodeModelsDir the node's own extra model folder (teachers and students may come from it), or null
     * @param announceTrained told the id of each model a job has stored and loaded, so that the cluster lists it
     */
    public TrainingJobs(Settings settings, ClusterService clusterService, ThreadPool threadPool, TrainingTaskStore tasks,
        StoredModels storedModels, IndexSentences sentences, ModelRegistry registry, Path dataDir, Path nodeModelsDir,
        Consumer<String> announceTrained) {
        this.clusterService = clusterService;
        this.announceTrained = announceTrained;
        this.threadPool = threadPool;
        this.tasks = tasks;
        this.storedModels = storedModels;
        this.sentences = sentences;
        this.registry = registry;
        this.workRoot = dataDir.resolve("training");
        this.storedRoot = dataDir.resolve("trained-models");
        this.nodeModelsDir = nodeModelsDir != null && Files.isDirectory(nodeModelsDir) ? nodeModelsDir : null;
        this.maxJobs = LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.get(settings);
        this.slots = new Semaphore(maxJobs);
    }

    /**
     * Checks a job, reads its sentences, records its task as CREATED and queues it.
     *
     * @throws ResourceNotFoundException (404) for an unknown teacher or student, or a missing index
     * @throws IllegalArgumentException or OpenSearchStatusException (400) for bad input, (409) for a model id in use,
     *         (429) when {@code max_concurrent_jobs} jobs already run here
     */
    public TrainingTask start(TrainingJobSpec spec) {
        ModelCatalog trainerCatalog = new ModelCatalog(TrainingJobs.class.getClassLoader(), nodeModelsDir);
        for (String[] role : new String[][] { { "teacher", spec.teacher() }, { "student_init", spec.studentInit() } }) {
            if (registry.has(role[1]) == false) {
                throw new ResourceNotFoundException("[{}] model [{}] is not on this node; it has {}", role[0], role[1],
                    registry.models().stream().map(m -> m.id()).toList());
            }
            if (trainerCatalog.names().contains(role[1]) == false) {
                throw new IllegalArgumentException("[" + role[0] + "] [" + role[1] + "] was trained in the cluster; only shipped "
                    + "models and those under config/opensearch-leap/models can be a teacher or a student for now");
            }
        }
        if (registry.has(spec.name()) || storedModels.exists(spec.name())
            || running.values().stream().anyMatch(j -> j.task.modelId().equals(spec.name()))) {
            throw new OpenSearchStatusException("a model [{}] exists or is being trained; pick another [name]", RestStatus.CONFLICT,
                spec.name());
        }
        String taskId = UUIDs.base64UUID();
        Path workDir = workRoot.resolve(taskId);
        boolean admitted = false;
        boolean queued = false;
        try {
            Path dataFile = workDir.resolve("sentences.txt");
            Files.createDirectories(workDir);
            Files.createFile(dataFile);
            TrainingConfig config = spec.toTrainingConfig(workDir, dataFile, nodeModelsDir);
            List<String> read = sentences.read(spec.trainingIndex(), spec.trainingField(), spec.query(), spec.maxSentences());
            int needed = config.batchSize() + spec.evalSentences();
            if (read.size() < needed) {
                throw new OpenSearchStatusException("[{}] field [{}] holds {} usable text(s) for this job; it needs at least {} "
                    + "(batch_size {} + eval_sentences {})", RestStatus.BAD_REQUEST, spec.trainingIndex(), spec.trainingField(),
                    read.size(), needed, config.batchSize(), spec.evalSentences());
            }
            StsDataset pairs = spec.eval() == null ? null : sentences.readPairs(spec.eval());
            // last, so that a bad request is refused for what it is even while the pool is busy
            admitted = slots.tryAcquire();
            if (admitted == false) {
                throw new OpenSearchStatusException("{} training job(s) already run on this node, the most [{}] allows; wait for one "
                    + "to end or cancel one", RestStatus.TOO_MANY_REQUESTS, maxJobs, LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.getKey());
            }
            List<String> heldOut = read.subList(0, spec.evalSentences());
            Files.write(dataFile, read.subList(spec.evalSentences(), read.size()), StandardCharsets.UTF_8);
            Map<String, Object> job = new LinkedHashMap<>(spec.toMap());
            job.put("sentences", read.size() - heldOut.size());
            TrainingTask task = TrainingTask.created(taskId, spec.name(), clusterService.localNode().getId(), config.steps(), job,
                System.currentTimeMillis());
            tasks.put(task, true);
            Job runner = new Job(task, config, List.copyOf(heldOut), pairs, workDir);
            running.put(taskId, runner);
            try {
                threadPool.executor(LeapSettings.TRAINING_POOL).execute(runner);
            } catch (RuntimeException rejected) {
                // the pool is shutting down: the recorded task must not stay CREATED
                tasks.put(task.ended(TaskState.FAILED, "the node refused the job: " + ModelRegistry.describe(rejected), Map.of(),
                    System.currentTimeMillis()), true);
                throw rejected;
            }
            queued = true;
            return task;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the job folder " + workDir, e);
        } finally {
            if (queued == false) {
                running.remove(taskId);
                if (admitted) {
                    slots.release();
                }
                deleteTree(workDir);
            }
        }
    }

    /**
     * The task; a job running on this node answers from memory, with its latest progress.
     *
     * @throws ResourceNotFoundException when there is no such task
     */
    public TrainingTask get(String taskId) {
        Job job = running.get(taskId);
        return job != null ? job.task : tasks.get(taskId);
    }

    /** Every task, newest first: the stored ones, with this node's running jobs as they are now. */
    public List<TrainingTask> list() {
        Map<String, TrainingTask> byId = new LinkedHashMap<>();
        running.values().forEach(job -> byId.put(job.task.taskId(), job.task));
        tasks.list().forEach(task -> byId.putIfAbsent(task.taskId(), task));
        return byId.values().stream().sorted(Comparator.comparingLong(TrainingTask::createdMillis).reversed()).toList();
    }

    /**
     * Asks the job to stop; it ends CANCELLED within a step. A task of this node that no job runs (left by a restart the
     * recovery has not handled yet) is marked CANCELLED at once.
     *
     * @return the task as it is now
     * @throws OpenSearchStatusException (409) when the task is over or runs on another node
     */
    public TrainingTask cancel(String taskId) {
        TrainingTask task = get(taskId);
        if (task.state().isFinal()) {
            throw new OpenSearchStatusException("training task [{}] is already {}", RestStatus.CONFLICT, taskId, task.state());
        }
        Job job = running.get(taskId);
        if (job != null) {
            job.cancelled = true;
            return task;
        }
        if (task.node().equals(clusterService.localNode().getId()) == false) {
            throw new OpenSearchStatusException("training task [{}] runs on node [{}]; send the cancel to that node",
                RestStatus.CONFLICT, taskId, task.node());
        }
        TrainingTask cancelled = task.ended(TaskState.CANCELLED, "cancelled; no job was running for it", Map.of(),
            System.currentTimeMillis());
        tasks.put(cancelled, true);
        return cancelled;
    }

    /** Where stored models are written on this node, one folder per model. */
    public Path storedRoot() {
        return storedRoot;
    }

    /**
     * Marks FAILED every unfinished task whose node is not among these: its job died with the node, or runs cut off from
     * the cluster, and would otherwise stay RUNNING for ever. The cluster manager runs this when nodes leave.
     *
     * @return the tasks it failed
     */
    public List<TrainingTask> failTasksOfNodesOutside(Set<String> nodeIds) {
        List<TrainingTask> failed = new ArrayList<>();
        for (TrainingTask task : tasks.unfinished()) {
            if (nodeIds.contains(task.node()) == false) {
                TrainingTask ended = task.ended(TaskState.FAILED, "node [" + task.node() + "] left the cluster while the job ran; start"
                    + " the job again", Map.of(), System.currentTimeMillis());
                tasks.put(ended, true);
                failed.add(ended);
                LOG.warn("training task [{}] for model [{}] ran on node [{}], which left the cluster; marked FAILED", task.taskId(),
                    task.modelId(), task.node());
            }
        }
        return failed;
    }

    /**
     * Run once the cluster and the plugin's indices are available after this node started: marks this node's unfinished
     * tasks FAILED (their jobs died with the previous process), deletes their folders, and loads every stored model this
     * node does not have yet.
     */
    public void recover() {
        String node = clusterService.localNode().getId();
        for (TrainingTask task : tasks.unfinishedOn(node)) {
            if (running.containsKey(task.taskId()) == false) {
                tasks.put(task.ended(TaskState.FAILED, RESTARTED, Map.of(), System.currentTimeMillis()), true);
                LOG.warn("training task [{}] for model [{}] was unfinished when this node restarted; marked FAILED", task.taskId(),
                    task.modelId());
            }
        }
        if (Files.isDirectory(workRoot)) {
            try (Stream<Path> dirs = Files.list(workRoot)) {
                dirs.filter(d -> running.containsKey(d.getFileName().toString()) == false).forEach(TrainingJobs::deleteTree);
            } catch (IOException e) {
                LOG.warn("cannot list old job folders in " + workRoot, e);
            }
        }
        for (StoredModels.StoredModel stored : storedModels.list()) {
            if (registry.has(stored.modelId()) == false) {
                try {
                    storedModels.materialise(stored, storedRoot);
                    registry.add(stored.modelId(), storedRoot, stored.metrics());
                } catch (RuntimeException e) {
                    LOG.error("cannot load stored model [" + stored.modelId() + "]", e);
                }
            }
        }
    }

    /** One job: the trainer, then the model's metrics, store and registration; every end is written to the task. */
    private final class Job implements Runnable, TrainingListener {
        private volatile TrainingTask task;
        private final TrainingConfig config;
        private final List<String> heldOut;
        private final StsDataset pairs;
        private final Path workDir;
        private volatile boolean cancelled;
        private long lastWrite;
        private boolean stored;

        /** @param pairs scored pairs for the Spearman, or null */
        Job(TrainingTask task, TrainingConfig config, List<String> heldOut, StsDataset pairs, Path workDir) {
            this.task = task;
            this.config = config;
            this.heldOut = heldOut;
            this.pairs = pairs;
            this.workDir = workDir;
        }

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // DJL finds its engine through the context class loader; on a pool thread that is not the plugin's
            thread.setContextClassLoader(TrainingJobs.class.getClassLoader());
            try {
                if (cancelled) {
                    end(TaskState.CANCELLED, "cancelled before it started", Map.of());
                    return;
                }
                task = task.running(System.currentTimeMillis());
                tasks.put(task, true);
                long start = System.nanoTime();
                TrainingResult result = new Trainer(config, new ModelCatalog(TrainingJobs.class.getClassLoader(), config.modelsDir()),
                    null, this).run();
                if (result.stopped()) {
                    if (closing) {
                        end(TaskState.FAILED, STOPPED, Map.of());
                    } else {
                        end(TaskState.CANCELLED, "cancelled at step " + result.stepsDone() + " of " + result.totalSteps(), Map.of());
                    }
                    return;
                }
                Map<String, Object> metrics = measure(result);
                metrics.put("training_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
                metrics.put("seconds_per_step", Math.round(result.secondsPerStep() * 1000) / 1000.0);
                if (stopRequested()) {
                    end(closing ? TaskState.FAILED : TaskState.CANCELLED, closing ? STOPPED
                        : "cancelled after the last step, before the model was stored", Map.of());
                    return;
                }
                storedModels.store(task.modelId(), task.taskId(), result.modelDir(), metrics);
                stored = true;
                Path folder = storedRoot.resolve(task.modelId());
                deleteTree(folder);
                Files.createDirectories(storedRoot);
                Files.move(result.modelDir(), folder, StandardCopyOption.ATOMIC_MOVE);
                registry.add(task.modelId(), storedRoot, metrics);
                announceTrained.accept(task.modelId());
                end(TaskState.COMPLETED, null, metrics);
                LOG.info("training task [{}] trained model [{}]: {}", task.taskId(), task.modelId(), metrics);
            } catch (Exception e) {
                LOG.error("training task [" + task.taskId() + "] for model [" + task.modelId() + "] failed", e);
                if (stored && registry.has(task.modelId()) == false) {
                    // a model the task does not report as trained must not stay behind
                    try {
                        storedModels.delete(task.modelId());
                    } catch (RuntimeException deleteFailure) {
                        e.addSuppressed(deleteFailure);
                        LOG.error("cannot delete stored model [" + task.modelId() + "] of failed task [" + task.taskId() + "]",
                            deleteFailure);
                    }
                }
                endQuietly(TaskState.FAILED, closing ? STOPPED : ModelRegistry.describe(e));
            } finally {
                thread.setContextClassLoader(previous);
                running.remove(task.taskId());
                slots.release();
                deleteTree(workDir);
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
            ModelCatalog catalog = new ModelCatalog(TrainingJobs.class.getClassLoader(), config.outputDir());
            try (DjlBertEncoder encoder = DjlBertEncoder.load(catalog, config.modelName(), config.device(), config.batchSize(),
                LengthBatches.DEFAULT_TOKEN_BUDGET)) {
                int layers = encoder.model().layers();
                ExitPolicy policy = ExitPolicy.defaultFor(layers);
                metrics.put("theta", policy.theta());
                if (heldOut.isEmpty() == false) {
                    List<Embedding> embeddings = encoder.encode(heldOut, EncodeOptions.earlyExit(policy));
                    double meanLayer = embeddings.stream().mapToInt(Embedding::exitLayer).average().orElse(layers);
                    long exited = embeddings.stream().filter(e -> e.exitLayer() < layers).count();
                    metrics.put("eval_sentences", heldOut.size());
                    metrics.put("exit_rate", round(exited / (double) embeddings.size()));
                    metrics.put("mean_exit_layer", round(meanLayer));
                    metrics.put("layer_reduction", round(layers / meanLayer));
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

        /** Records the final state; the job shows it only once it is stored, just before its slot is freed. */
        private void end(TaskState state, String reason, Map<String, Object> metrics) {
            TrainingTask ended = task.ended(state, reason, metrics, System.currentTimeMillis());
            try {
                tasks.put(ended, true);
            } finally {
                task = ended;
            }
        }

        private void endQuietly(TaskState state, String reason) {
            try {
                end(state, reason, Map.of());
            } catch (RuntimeException e) {
                // the node is going down or the index is unreachable: the restart check marks the task FAILED
                LOG.error("cannot record the end of training task [" + task.taskId() + "]", e);
            }
        }

        @Override
        public void step(long done, long total, Map<String, Float> terms) {
            task = task.progress(done, terms);
            long now = System.currentTimeMillis();
            if (now - lastWrite >= PROGRESS_EVERY_MILLIS || done == total) {
                lastWrite = now;
                try {
                    tasks.put(task, false);
                } catch (RuntimeException e) {
                    LOG.warn("cannot record the progress of training task [" + task.taskId() + "]", e);
                }
            }
        }

        @Override
        public boolean stopRequested() {
            return cancelled || closing;
        }
    }

    private static float[][] vectors(List<Embedding> embeddings) {
        return embeddings.stream().map(Embedding::vector).toArray(float[][]::new);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static void deleteTree(Path dir) {
        if (Files.exists(dir) == false) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete " + dir, e);
        }
    }

    /** Asks running jobs to stop; their tasks end FAILED ("the node stopped"), here or at the next start. */
    @Override
    public void close() {
        closing = true;
    }
}
