package org.leap.plugin.training;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.eval.StsDataset;
import org.leap.model.ModelCatalog;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.settings.LeapSettings;
import org.leap.training.TrainingConfig;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.UUIDs;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.threadpool.ThreadPool;

/**
 * This node's training jobs, as the training APIs see them: start (checked, admitted, then its sentences read, in that
 * order, so a bad request leaves no record and a busy node reads nothing), get, list, cancel, and after a restart,
 * resume. The run itself is {@link TrainingRun}; admission and the table of running jobs are {@link JobTable}.
 *
 * <p>Methods block on index calls; the transport actions call them on the generic pool.
 */
public final class TrainingJobs implements Closeable {
    private static final Logger LOG = LogManager.getLogger(TrainingJobs.class);
    static final String NO_CHECKPOINT = "the node restarted before the job's first checkpoint; start the job again";

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final TrainingTaskStore tasks;
    private final FinalStates finals;
    private final StoredModels storedModels;
    private final IndexSentences sentences;
    private final ModelRegistry registry;
    private final Path workRoot;
    private final Path nodeModelsDir;
    private final TrainingLimits limits;
    private final JobTable table;
    private final TrainingRun.Node runNode;
    private volatile boolean closing;

    /**
     * @param dataDir this node's {@code path.data}/leap: job folders go to {@code training/}
     * @param storedRoot where stored models are written on this node, one folder per model
     * @param nodeModelsDir the node's own extra model folder (teachers and students may come from it), or null
     * @param announceTrained told the id of each model a job has stored and loaded, so that the cluster lists it
     */
    public TrainingJobs(Settings settings, ClusterService clusterService, ThreadPool threadPool, TrainingTaskStore tasks,
        StoredModels storedModels, IndexSentences sentences, ModelRegistry registry, Path dataDir, Path storedRoot, Path nodeModelsDir,
        Consumer<String> announceTrained) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.tasks = tasks;
        this.finals = new FinalStates(task -> tasks.put(task, true));
        this.storedModels = storedModels;
        this.sentences = sentences;
        this.registry = registry;
        this.workRoot = dataDir.resolve("training");
        this.nodeModelsDir = nodeModelsDir != null && Files.isDirectory(nodeModelsDir) ? nodeModelsDir : null;
        this.limits = TrainingLimits.of(settings);
        this.table = new JobTable(LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.get(settings));
        this.runNode = new TrainingRun.Node(tasks, finals, storedModels, registry, storedRoot, announceTrained, table, () -> closing);
    }

    /**
     * Checks a job, admits it, reads its sentences, records its task as CREATED and queues it.
     *
     * @throws ResourceNotFoundException (404) for an unknown teacher or student, or a missing index
     * @throws IllegalArgumentException or OpenSearchStatusException (400) for bad input or a job above the node's limits,
     *         (409) for a model id in use, (429) when {@code max_concurrent_jobs} jobs already run here
     */
    public TrainingTask start(TrainingJobSpec spec) {
        checkModels(spec);
        String taskId = UUIDs.base64UUID();
        JobFolder folder = new JobFolder(workRoot.resolve(taskId));
        boolean queued = false;
        try (JobTable.Admission admission = table.admit(spec.name())) {
            folder.create();
            TrainingConfig config = spec.toTrainingConfig(folder.dir(), folder.sentences(), nodeModelsDir);
            limits.check(config);
            if (registry.has(spec.name()) || storedModels.exists(spec.name())) {
                throw new OpenSearchStatusException("a model [{}] exists; pick another [name]", RestStatus.CONFLICT, spec.name());
            }
            List<String> read = sentences.read(spec.trainingIndex(), spec.trainingField(), spec.query(), spec.maxSentences());
            int needed = config.batchSize() + spec.evalSentences();
            if (read.size() < needed) {
                throw new OpenSearchStatusException("[{}] field [{}] holds {} usable text(s) for this job; it needs at least {} "
                    + "(batch_size {} + eval_sentences {})", RestStatus.BAD_REQUEST, spec.trainingIndex(), spec.trainingField(),
                    read.size(), needed, config.batchSize(), spec.evalSentences());
            }
            StsDataset pairs = spec.eval() == null ? null : sentences.readPairs(spec.eval());
            List<String> heldOut = read.subList(0, spec.evalSentences());
            folder.write(read.subList(spec.evalSentences(), read.size()), heldOut);
            Map<String, Object> job = new LinkedHashMap<>(spec.toMap());
            job.put("sentences", read.size() - heldOut.size());
            TrainingTask task = TrainingTask.created(taskId, spec.name(), clusterService.localNode().getId(), config.steps(), job,
                System.currentTimeMillis());
            tasks.put(task, true);
            TrainingRun run = new TrainingRun(runNode, task, config, heldOut, pairs, folder);
            admission.runs(run);
            queue(run);
            queued = true;
            return task;
        } finally {
            if (queued == false) {
                folder.delete();
            }
        }
    }

    private void checkModels(TrainingJobSpec spec) {
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
    }

    /** Hands the run to the training pool; a pool that refuses (the node is stopping) ends the task FAILED at once. */
    private void queue(TrainingRun run) {
        try {
            threadPool.executor(LeapSettings.TRAINING_POOL).execute(run);
        } catch (RuntimeException rejected) {
            finals.record(run.task().ended(TaskState.FAILED, "the node refused the job: " + ModelRegistry.describe(rejected), Map.of(),
                System.currentTimeMillis()));
            table.ended(run);
            throw rejected;
        }
    }

    /**
     * The task; a job running on this node answers from memory, with its latest progress.
     *
     * @throws ResourceNotFoundException when there is no such task
     */
    public TrainingTask get(String taskId) {
        finals.flush();
        TrainingRun run = table.get(taskId);
        if (run != null) {
            return run.task();
        }
        TrainingTask unwritten = finals.unwritten(taskId);
        return unwritten != null ? unwritten : tasks.get(taskId);
    }

    /** Every task, newest first: the stored ones, with this node's running jobs and unwritten final states as they are now. */
    public List<TrainingTask> list() {
        finals.flush();
        Map<String, TrainingTask> byId = new LinkedHashMap<>();
        table.runs().forEach(run -> byId.put(run.taskId(), run.task()));
        finals.unwritten().forEach(task -> byId.putIfAbsent(task.taskId(), task));
        tasks.list().forEach(task -> byId.putIfAbsent(task.taskId(), task));
        return byId.values().stream().sorted(Comparator.comparingLong(TrainingTask::createdMillis).reversed()).toList();
    }

    /**
     * Asks the job to stop; it ends CANCELLED within a step. A task of this node that no job runs (left by a restart the
     * recovery has not handled yet) is marked CANCELLED at once.
     *
     * @param waitFor how long to wait for the job to end and free its slot; zero answers at once
     * @return the task as it is now
     * @throws OpenSearchStatusException (409) when the task is over or runs on another node; (408) when the job has not
     *         ended within {@code waitFor}
     */
    public TrainingTask cancel(String taskId, TimeValue waitFor) {
        TrainingTask task = get(taskId);
        if (task.state().isFinal()) {
            throw new OpenSearchStatusException("training task [{}] is already {}", RestStatus.CONFLICT, taskId, task.state());
        }
        TrainingRun run = table.get(taskId);
        if (run != null) {
            run.cancel();
            return waitFor.millis() == 0 ? run.task() : await(run, waitFor);
        }
        if (task.node().equals(clusterService.localNode().getId()) == false) {
            throw new OpenSearchStatusException("training task [{}] runs on node [{}]; send the cancel to that node",
                RestStatus.CONFLICT, taskId, task.node());
        }
        TrainingTask cancelled = task.ended(TaskState.CANCELLED, "cancelled; no job was running for it", Map.of(),
            System.currentTimeMillis());
        finals.record(cancelled);
        return cancelled;
    }

    private static TrainingTask await(TrainingRun run, TimeValue waitFor) {
        try {
            return run.done().get(waitFor.millis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OpenSearchStatusException("training task [{}] was asked to stop but has not ended within [{}]; it ends within a"
                + " step", RestStatus.REQUEST_TIMEOUT, run.taskId(), waitFor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenSearchStatusException("interrupted while waiting for training task [{}] to end", RestStatus.SERVICE_UNAVAILABLE,
                run.taskId());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
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
     * Run once the cluster and the plugin's indices are available after this node started: each unfinished task of this
     * node goes on from its job folder's last checkpoint (RUNNING again, with {@code resumed_from_step}) or, when it
     * cannot, ends FAILED with the reason; folders no task needs are deleted.
     */
    public void recover() {
        String node = clusterService.localNode().getId();
        for (TrainingTask task : tasks.unfinishedOn(node)) {
            if (table.isRunning(task.taskId()) == false) {
                resume(task);
            }
        }
        if (Files.isDirectory(workRoot)) {
            try (Stream<Path> dirs = Files.list(workRoot)) {
                dirs.filter(d -> table.isRunning(d.getFileName().toString()) == false).forEach(JobFolder::deleteTree);
            } catch (IOException e) {
                LOG.warn("cannot list old job folders in " + workRoot, e);
            }
        }
    }

    private void resume(TrainingTask task) {
        JobFolder folder = new JobFolder(workRoot.resolve(task.taskId()));
        OptionalLong step = folder.exists() ? folder.checkpointStep() : OptionalLong.empty();
        if (step.isEmpty()) {
            finals.record(task.ended(TaskState.FAILED, NO_CHECKPOINT, Map.of(), System.currentTimeMillis()));
            LOG.warn("training task [{}] for model [{}] was unfinished when this node restarted and has no checkpoint; marked FAILED",
                task.taskId(), task.modelId());
            return;
        }
        try (JobTable.Admission admission = table.admit(task.modelId())) {
            Map<String, Object> job = new LinkedHashMap<>(task.job());
            job.remove("sentences");
            TrainingJobSpec spec = TrainingJobSpec.parse(job);
            TrainingConfig config = spec.toTrainingConfig(folder.dir(), folder.sentences(), nodeModelsDir);
            StsDataset pairs = spec.eval() == null ? null : sentences.readPairs(spec.eval());
            TrainingTask resumed = task.resumed(step.getAsLong(), System.currentTimeMillis());
            tasks.put(resumed, true);
            TrainingRun run = new TrainingRun(runNode, resumed, config, folder.heldOut(), pairs, folder);
            admission.runs(run);
            queue(run);
            LOG.info("training task [{}] for model [{}] resumes from the checkpoint of step {}", task.taskId(), task.modelId(),
                step.getAsLong());
        } catch (RuntimeException e) {
            LOG.error("training task [" + task.taskId() + "] cannot resume after the restart", e);
            finals.record(task.ended(TaskState.FAILED, "the node restarted and the job cannot resume: " + ModelRegistry.describe(e),
                Map.of(), System.currentTimeMillis()));
            folder.delete();
        }
    }

    /**
     * Asks running jobs to stop: each writes a checkpoint and keeps its task RUNNING, to resume at this node's next
     * start; a job with no checkpoint ends FAILED.
     */
    @Override
    public void close() {
        closing = true;
    }
}
