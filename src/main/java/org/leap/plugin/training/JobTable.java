package org.leap.plugin.training;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.leap.plugin.settings.LeapSettings;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;

/**
 * Admission and the table of this node's jobs: at most {@code plugins.leap.training.max_concurrent_jobs} hold a slot,
 * and one model id is trained by one job at a time. A request is admitted before it reads a document, so a busy node
 * answers 429 without loading anything.
 */
final class JobTable {
    private final int maxJobs;
    private final Semaphore slots;
    private final Set<String> modelIds = ConcurrentHashMap.newKeySet();
    private final Map<String, TrainingRun> running = new ConcurrentHashMap<>();

    JobTable(int maxJobs) {
        this.maxJobs = maxJobs;
        this.slots = new Semaphore(maxJobs);
    }

    /**
     * A slot and a model id, held for one job from its admission to its end; {@link #close} gives them back unless
     * {@link #runs} handed them to a job, which gives them back when it ends.
     */
    final class Admission implements AutoCloseable {
        private final String modelId;
        private boolean handedOver;

        private Admission(String modelId) {
            this.modelId = modelId;
        }

        /** The job now holds the slot; {@link JobTable#ended} frees it. */
        void runs(TrainingRun run) {
            running.put(run.taskId(), run);
            handedOver = true;
        }

        @Override
        public void close() {
            if (handedOver == false) {
                free(modelId);
            }
        }
    }

    /**
     * @throws OpenSearchStatusException (409) when a job here trains that model id, (429) when every slot is taken
     */
    Admission admit(String modelId) {
        if (modelIds.add(modelId) == false) {
            throw new OpenSearchStatusException("a job on this node is training model [{}]; pick another [name]", RestStatus.CONFLICT,
                modelId);
        }
        if (slots.tryAcquire() == false) {
            modelIds.remove(modelId);
            throw new OpenSearchStatusException("{} training job(s) already run on this node, the most [{}] allows; wait for one to end"
                + " or cancel one", RestStatus.TOO_MANY_REQUESTS, maxJobs, LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.getKey());
        }
        return new Admission(modelId);
    }

    /** The job has ended (or will never run): its slot and model id are free again. */
    void ended(TrainingRun run) {
        if (running.remove(run.taskId(), run)) {
            free(run.modelId());
        }
    }

    private void free(String modelId) {
        modelIds.remove(modelId);
        slots.release();
    }

    TrainingRun get(String taskId) {
        return running.get(taskId);
    }

    boolean isRunning(String taskId) {
        return running.containsKey(taskId);
    }

    Collection<TrainingRun> runs() {
        return running.values();
    }
}
