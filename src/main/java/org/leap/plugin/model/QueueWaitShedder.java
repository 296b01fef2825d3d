package org.leap.plugin.model;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;

/**
 * Refuses a query encode that waited longer than {@code plugins.leap.degrade.max_queue_wait} for an inference thread,
 * when a thread takes it and the node is over its queue wait budget (the load at which queries degrade): past the floor
 * degrading stops at, the node answers 429 as it does for a full queue, instead of queueing queries for seconds. Under
 * the budget a query that waited long behind a burst still runs: a node that keeps up refuses nothing, and without a
 * budget (0, degrading off) nothing is shed. The refusal runs no encoder, so shedding costs nothing and the queue drains; the
 * queries it answers wait at most about this long plus one encode. Ingest encodes are never refused here: a document
 * must not lose its vector. 0 (the default) refuses nothing, since a bulk's encode can hold the one inference thread for
 * seconds and queries must not fail during indexing unless the admin chooses so.
 */
public final class QueueWaitShedder {
    private final BooleanSupplier overBudget;
    private volatile TimeValue maxQueueWait;

    /** @param overBudget whether the node is over its queue wait budget now (the degrader's signal) */
    public QueueWaitShedder(Settings settings, ClusterSettings clusterSettings, BooleanSupplier overBudget) {
        this.overBudget = overBudget;
        this.maxQueueWait = LeapSettings.DEGRADE_MAX_QUEUE_WAIT.get(settings);
        clusterSettings.addSettingsUpdateConsumer(LeapSettings.DEGRADE_MAX_QUEUE_WAIT, m -> this.maxQueueWait = m);
    }

    /**
     * @param waitedNanos from the encode's submission to the inference pool until a thread took it
     * @return the 429 ({@code rejected_execution_exception}) that refuses this encode, naming the wait, the setting and
     *     its value; empty when the encode runs
     */
    public Optional<OpenSearchRejectedExecutionException> refusal(String modelId, EncodePath path, long waitedNanos) {
        TimeValue max = maxQueueWait;
        if (path != EncodePath.QUERY || max.nanos() == 0 || waitedNanos <= max.nanos() || overBudget.getAsBoolean() == false) {
            return Optional.empty();
        }
        return Optional.of(new OpenSearchRejectedExecutionException("query encode of model [" + modelId + "] waited ["
            + TimeValue.timeValueNanos(waitedNanos) + "] for an inference thread, longer than [" + LeapSettings.DEGRADE_MAX_QUEUE_WAIT
                .getKey() + "] = [" + max + "]; refused without encoding"));
    }
}
