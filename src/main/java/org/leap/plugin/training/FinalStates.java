package org.leap.plugin.training;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The final states of this node's tasks on their way to the tasks index. A state whose write fails (the index is
 * unavailable, blocked, its primary moving) is kept here and written again on the next task read of this node, and
 * shown from here meanwhile: a job that ended never leaves its task RUNNING.
 */
final class FinalStates {
    private static final Logger LOG = LogManager.getLogger(FinalStates.class);

    private final Consumer<TrainingTask> writer;
    private final Map<String, TrainingTask> unwritten = new ConcurrentHashMap<>();

    /** @param writer writes a task document, throwing when it cannot */
    FinalStates(Consumer<TrainingTask> writer) {
        this.writer = writer;
    }

    void record(TrainingTask task) {
        if (task.state().isFinal() == false) {
            throw new IllegalArgumentException("task [" + task.taskId() + "] is " + task.state() + ", not in a final state");
        }
        unwritten.put(task.taskId(), task);
        flush();
    }

    /** Writes every state still unwritten; those that fail again stay for the next call. */
    void flush() {
        for (TrainingTask task : List.copyOf(unwritten.values())) {
            try {
                writer.accept(task);
                unwritten.remove(task.taskId(), task);
            } catch (RuntimeException e) {
                LOG.warn("cannot record that training task [" + task.taskId() + "] ended " + task.state() + " yet; trying again on the"
                    + " next task read", e);
            }
        }
    }

    /** The final state of the task if it is still unwritten, else null. */
    TrainingTask unwritten(String taskId) {
        return unwritten.get(taskId);
    }

    Collection<TrainingTask> unwritten() {
        return List.copyOf(unwritten.values());
    }
}
