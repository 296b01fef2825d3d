package org.leap.plugin.degrade;

import java.util.List;
import java.util.OptionalDouble;

import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.leap.plugin.stats.RecentQueueWait;
import org.leap.plugin.tuning.ModelTuning;
import org.leap.plugin.tuning.TuningMetadata;
import org.leap.plugin.tuning.TuningRecord;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;

/**
 * Decides, per encode, whether it degrades and to what θ. An encode degrades when all of these hold: the median queue
 * wait of the last second is above the node's budget (0 turns degrading off); it brings no θ of its own (a caller who
 * asked for a θ gets it); it is a query, or an ingest encode of a model with {@code degrade_ingest}; the model has a
 * floor ({@code degrade_min_nn10}) and the global exit policy (the evidence is measured under it; under
 * {@code calibrated} θ decides no exit); and a θ below the one in force has measured evidence meeting the floor
 * ({@link DegradedTheta}). Otherwise the encode runs as set, and a full queue still refuses it with a 429, as does,
 * for a query while the node is over its budget, a wait longer than {@code plugins.leap.degrade.max_queue_wait}
 * ({@link org.leap.plugin.model.QueueWaitShedder}). Nothing is remembered: once the wait is back under the budget, the next
 * encode runs at the model's θ.
 */
public final class LoadDegrader {
    private final RecentQueueWait queueWait;
    private volatile TimeValue budget;

    public LoadDegrader(Settings settings, ClusterSettings clusterSettings, RecentQueueWait queueWait) {
        this.queueWait = queueWait;
        this.budget = LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.get(settings);
        clusterSettings.addSettingsUpdateConsumer(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET, b -> this.budget = b);
    }

    /**
     * Whether the node is over its queue wait budget now: the median wait of the last second above it (never with the
     * budget at 0, degrading off). Past it, queries degrade, and those that still wait too long are shed
     * ({@code plugins.leap.degrade.max_queue_wait}).
     */
    public boolean overBudget() {
        long budgetNanos = budget.nanos();
        return budgetNanos > 0 && queueWait.p50Nanos() > budgetNanos;
    }

    /**
     * @param ownTheta the caller's own θ, or null
     * @return the θ this encode runs at instead of the model's, or empty when it does not degrade
     */
    public OptionalDouble theta(String modelId, ModelSettings settings, EncodePath path, Double ownTheta, Metadata metadata) {
        if (ownTheta != null || settings.degrade().minNn10() == null || settings.exitPolicy() != ModelSettings.ExitPolicyType.GLOBAL
            || (path == EncodePath.INGEST && settings.degrade().ingest() == false) || overBudget() == false) {
            return OptionalDouble.empty();
        }
        ModelTuning tuning = TuningMetadata.of(metadata).get(modelId);
        List<TuningRecord> evidence = tuning == null ? List.of() : tuning.decisions();
        double inForce = settings.depth(path, null) == EncodeDepth.FULL_DEPTH ? 1.0 : settings.theta();
        return DegradedTheta.choose(inForce, settings.degrade().minNn10(), evidence);
    }
}
