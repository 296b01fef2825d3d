package org.leap.plugin.training;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * One training task as its document in {@code .plugins-leap-tasks} holds it and as the tasks API shows it: the job's
 * inputs, its state, its progress and, at the end, the failure reason or the trained model's metrics. Immutable; every
 * change is a new value written over the old document.
 *
 * @param node id of the node the job runs on; a node that restarts fails the unfinished tasks it finds under its id
 * @param createdMillis epoch millis of the request
 * @param startedMillis when the trainer started, 0 before
 * @param endedMillis when the task reached a final state, 0 before
 * @param job the request's inputs and hyper-parameters, as given
 * @param lastLoss the loss terms of the last step
 * @param failure why the task failed or was cancelled, or null
 * @param metrics the trained model's metrics once COMPLETED, else empty
 * @param resumedFromStep the checkpoint step the job went on from after its node restarted, 0 when it never did
 */
public record TrainingTask(String taskId, String modelId, TaskState state, String node, long createdMillis, long startedMillis,
    long endedMillis, long stepsDone, long stepsTotal, Map<String, Object> job, Map<String, Object> lastLoss, String failure,
    Map<String, Object> metrics, long resumedFromStep) implements Writeable, ToXContentObject {

    public TrainingTask {
        job = Map.copyOf(job);
        lastLoss = Map.copyOf(lastLoss);
        metrics = Map.copyOf(metrics);
    }

    public static TrainingTask created(String taskId, String modelId, String node, long stepsTotal, Map<String, Object> job,
        long now) {
        return new TrainingTask(taskId, modelId, TaskState.CREATED, node, now, 0, 0, 0, stepsTotal, job, Map.of(), null, Map.of(), 0);
    }

    public TrainingTask running(long now) {
        return new TrainingTask(taskId, modelId, TaskState.RUNNING, node, createdMillis, now, 0, stepsDone, stepsTotal, job,
            lastLoss, null, metrics, resumedFromStep);
    }

    /** RUNNING again after a restart of its node, from the checkpoint of this step. */
    public TrainingTask resumed(long step, long now) {
        return new TrainingTask(taskId, modelId, TaskState.RUNNING, node, createdMillis, now, 0, step, stepsTotal, job, lastLoss, null,
            metrics, step);
    }

    public TrainingTask progress(long done, Map<String, Float> terms) {
        return new TrainingTask(taskId, modelId, state, node, createdMillis, startedMillis, endedMillis, done, stepsTotal, job,
            Map.copyOf(terms), failure, metrics, resumedFromStep);
    }

    public TrainingTask ended(TaskState finalState, String reason, Map<String, Object> modelMetrics, long now) {
        if (finalState.isFinal() == false) {
            throw new IllegalArgumentException("[" + finalState + "] is not a final state");
        }
        return new TrainingTask(taskId, modelId, finalState, node, createdMillis, startedMillis, now, stepsDone, stepsTotal, job,
            lastLoss, reason, modelMetrics, resumedFromStep);
    }

    /** Share of the steps done, 0-100. */
    public double percent() {
        return stepsTotal == 0 ? 0 : 100.0 * stepsDone / stepsTotal;
    }

    /** Seconds left at the pace of the steps so far, or -1 while that pace is unknown or the task is over. */
    public long etaSeconds(long now) {
        long sinceStart = stepsDone - resumedFromStep;
        if (state != TaskState.RUNNING || sinceStart <= 0 || startedMillis == 0) {
            return -1;
        }
        double perStep = (now - startedMillis) / 1000.0 / sinceStart;
        return Math.round(perStep * (stepsTotal - stepsDone));
    }

    /** The document stored in the tasks index. */
    public Map<String, Object> toSource() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task_id", taskId);
        s.put("model_id", modelId);
        s.put("state", state.name());
        s.put("node", node);
        s.put("created", createdMillis);
        s.put("started", startedMillis);
        s.put("ended", endedMillis);
        s.put("steps_done", stepsDone);
        s.put("steps_total", stepsTotal);
        s.put("job", job);
        s.put("last_loss", lastLoss);
        s.put("failure", failure);
        s.put("metrics", metrics);
        s.put("resumed_from_step", resumedFromStep);
        return s;
    }

    /**
     * A task from its stored document.
     *
     * @throws IllegalArgumentException naming the field when the document is not a task's (a hand-edited or foreign
     *     document in the tasks index), so that callers can leave it out instead of failing every listing
     */
    public static TrainingTask fromSource(Map<String, Object> s) {
        try {
            return new TrainingTask(text(s, "task_id", true), text(s, "model_id", true), TaskState.parse(text(s, "state", true)),
                text(s, "node", true),
                number(s, "created"), number(s, "started"), number(s, "ended"), number(s, "steps_done"), number(s, "steps_total"),
                object(s, "job"), object(s, "last_loss"), text(s, "failure", false), object(s, "metrics"),
                number(s, "resumed_from_step"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stored task " + s.get("task_id") + " is malformed: " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, Object> s, String key, boolean required) {
        Object v = s.get(key);
        if (v instanceof String text) {
            return text;
        }
        if (v == null && required == false) {
            return null;
        }
        throw new IllegalArgumentException("[" + key + "] must be a string, got [" + v + "]");
    }

    private static long number(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null || v instanceof Number) {
            return v == null ? 0 : ((Number) v).longValue();
        }
        throw new IllegalArgumentException("[" + key + "] must be a number, got [" + v + "]");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> s, String key) {
        Object v = s.getOrDefault(key, Map.of());
        if (v instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("[" + key + "] must be an object, got [" + v + "]");
    }

    public static TrainingTask readFrom(StreamInput in) throws IOException {
        return fromSource(in.readMap());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(toSource());
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        long now = System.currentTimeMillis();
        builder.startObject();
        builder.field("task_id", taskId).field("model_id", modelId).field("state", state.name()).field("node", node);
        builder.field("created_time", createdMillis);
        if (startedMillis > 0) {
            builder.field("started_time", startedMillis);
        }
        if (endedMillis > 0) {
            builder.field("ended_time", endedMillis);
        }
        builder.startObject("progress").field("steps_done", stepsDone).field("steps_total", stepsTotal)
            .field("percent", Math.round(percent() * 10) / 10.0).field("eta_seconds", etaSeconds(now)).field("last_loss", lastLoss)
            .endObject();
        if (resumedFromStep > 0) {
            builder.field("resumed_from_step", resumedFromStep);
        }
        if (failure != null) {
            builder.field("failure", failure);
        }
        if (metrics.isEmpty() == false) {
            builder.field("metrics", metrics);
        }
        builder.field("job", job);
        return builder.endObject();
    }
}
