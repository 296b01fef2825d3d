package org.leap.plugin.degrade;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.LoadDegrade;
import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.model.ModelSettings.ExitPolicyType;
import org.leap.plugin.model.ThetaTuning;
import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.leap.plugin.stats.RecentQueueWait;
import org.leap.plugin.tuning.ModelTuning;
import org.leap.plugin.tuning.TuningMetadata;
import org.leap.plugin.tuning.TuningRecord;
import org.leap.tuning.ControllerState;
import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningConfig;
import org.leap.tuning.TuningDecision;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchTestCase;

/** When an encode degrades: over the budget, no θ of its own, a query (or ingest when allowed), a floor, evidence. */
public class LoadDegraderTests extends OpenSearchTestCase {
    private static final long MS = 1_000_000L;
    private static final String MODEL = "m";

    private final AtomicLong now = new AtomicLong(0);
    private final RecentQueueWait wait = new RecentQueueWait(now::get);
    private final ClusterSettings clusterSettings = new ClusterSettings(Settings.EMPTY, Set.of(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET));
    private final LoadDegrader degrader = new LoadDegrader(Settings.EMPTY, clusterSettings, wait);

    /** The controller measured θ 0.90 at an NN@10 bound of 0.72. */
    private static Metadata evidence() {
        TuningRecord at090 = new TuningRecord(1, TuningRecord.Measure.SYSTEM, TunedSetting.THETA, TuningDecision.Action.DOWN, 0.90, 0.89, 40, 0.8, 0.72, 7.1,
            "room", 2, 3);
        ModelTuning tuning = new ModelTuning(TunedSetting.THETA, 0.5, ControllerState.initial(TuningConfig.of(0.5, 20)), 2, 40, List.of(at090));
        return Metadata.builder().putCustom(TuningMetadata.TYPE, new TuningMetadata(Map.of(MODEL, tuning))).build();
    }

    private static ModelSettings settings(ExitPolicyType policy, LoadDegrade degrade) {
        return new ModelSettings(0.95, 1, 6, policy, null, EncodeDepth.FULL_DEPTH, EncodeDepth.EARLY_EXIT, 0.01, false, ThetaTuning.OFF,
            degrade, 4);
    }

    private static final ModelSettings QUERIES = settings(ExitPolicyType.GLOBAL, new LoadDegrade(0.7, false));

    private void load(long waitMillis) {
        for (int i = 0; i < 5; i++) {
            wait.record(waitMillis * MS);
        }
    }

    public void testAQueryOverTheBudgetDegradesToTheMeasuredTheta() {
        load(80);
        assertEquals(OptionalDouble.of(0.90), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()));
    }

    public void testUnderTheBudgetNothingDegradesAndLoadFallingBackRestoresTheModelsTheta() {
        load(20);
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()));
        load(80);
        load(80);
        assertTrue(degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()).isPresent());
        now.addAndGet(1_001 * MS);
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()));
    }

    public void testTheBudgetIsDynamicAndZeroTurnsDegradingOff() {
        load(10);
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()));
        clusterSettings.applySettings(Settings.builder().put(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.getKey(), "1nanos").build());
        assertEquals(OptionalDouble.of(0.90), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()));
        clusterSettings.applySettings(Settings.builder().put(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.getKey(), "0").build());
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, evidence()));
    }

    public void testARequestsOwnThetaIsKept() {
        load(80);
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, 0.97, evidence()));
    }

    public void testIngestDegradesOnlyWhenTheModelAllowsIt() {
        load(80);
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.INGEST, null, evidence()));
        ModelSettings both = settings(ExitPolicyType.GLOBAL, new LoadDegrade(0.7, true));
        assertEquals("documents at full depth degrade to the measured θ", OptionalDouble.of(0.90), degrader.theta(MODEL, both,
            EncodePath.INGEST, null, evidence()));
    }

    public void testNoFloorNoEvidenceOrTheCalibratedPolicyDegradeNothing() {
        load(80);
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, settings(ExitPolicyType.GLOBAL, LoadDegrade.OFF), EncodePath.QUERY, null,
            evidence()));
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, QUERIES, EncodePath.QUERY, null, Metadata.EMPTY_METADATA));
        assertEquals(OptionalDouble.empty(), degrader.theta(MODEL, settings(ExitPolicyType.CALIBRATED, new LoadDegrade(0.7, false)),
            EncodePath.QUERY, null, evidence()));
        assertEquals("a floor the evidence misses", OptionalDouble.empty(), degrader.theta(MODEL, settings(ExitPolicyType.GLOBAL,
            new LoadDegrade(0.75, false)), EncodePath.QUERY, null, evidence()));
    }
}
