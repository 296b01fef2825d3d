package org.leap.plugin.tuning;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.leap.plugin.model.ModelMapMetadataTestCase;
import org.leap.plugin.model.ThetaTuning;
import org.leap.tuning.ControllerState;
import org.leap.tuning.ThetaController;
import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningConfig;
import org.leap.tuning.TuningDecision;
import org.leap.tuning.TuningWindow;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

/** The θ controllers' state in cluster state survives the wire and the gateway's XContent, and stays bounded. */
public class TuningMetadataTests extends ModelMapMetadataTestCase<TuningMetadata> {
    private static final TuningConfig CONFIG = TuningConfig.of(0.9, 20);

    /**
     * A controller that fell short at θ 0.80 on the query NN@10, went up, then held twice within the margin on the
     * system NN@10: memory, a moved step and three decisions to keep.
     */
    private static ModelTuning decided() {
        ThetaController controller = new ThetaController(CONFIG);
        ModelTuning tuning = ModelTuning.start(CONFIG);
        double theta = 0.80;
        long version = 3;
        for (double nn10 : new double[] { 0.6, 0.93, 0.93 }) {
            TuningDecision d = controller.decide(new TuningWindow(theta, 400, 400, nn10, nn10, 7.25));
            TuningRecord.Measure measure = version == 3 ? TuningRecord.Measure.QUERY : TuningRecord.Measure.SYSTEM;
            TuningRecord record = TuningRecord.of(d, measure, TunedSetting.THETA, 1_700_000_000_000L + version, version);
            tuning = tuning.after(d.changes() ? record.written(version + 1) : record, controller.state(), version, 40 * version);
            version += d.changes() ? 1 : 0;
            theta = d.to();
        }
        return tuning;
    }

    @Override
    protected TuningMetadata sample() {
        return new TuningMetadata(Map.of("a", decided(), "b", ModelTuning.start(TuningConfig.of(TunedSetting.CALIBRATION_TARGET, 0.5,
            100))));
    }

    public void testTheSampleHoldsWhatTheControllerRemembers() {
        ModelTuning a = decided();
        assertEquals(3, a.decisions().size());
        assertEquals(TuningDecision.Action.UP, a.decisions().get(0).action());
        assertEquals(0.81, a.decisions().get(0).newValue(), 0);
        assertEquals(4, a.decisions().get(0).settingsVersion());
        assertEquals("θ 0.80 in grains", Map.of(8000L, 1L), a.controller().failedAt());
    }

    @Override
    protected TuningMetadata read(StreamInput in) throws IOException {
        return new TuningMetadata(in);
    }

    @Override
    protected TuningMetadata parse(XContentParser parser) throws IOException {
        return TuningMetadata.fromXContent(parser);
    }

    @SuppressWarnings("unchecked")
    public void testRendersEachDecisionWithItsEvidence() throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder();
        new TuningReport(new ThetaTuning(true, 0.9), decided()).toXContent(builder, ToXContent.EMPTY_PARAMS);
        Map<String, Object> r = XContentHelper.convertToMap(BytesReference.bytes(builder), false, MediaTypeRegistry.JSON).v2();
        assertEquals(true, r.get("auto_tune"));
        assertEquals(0.9, r.get("target_nn10"));
        Map<String, Object> first = ((List<Map<String, Object>>) r.get("decisions")).get(0);
        assertEquals("up", first.get("action"));
        assertEquals("query", first.get("measure"));
        assertEquals("theta", first.get("setting"));
        assertEquals(0.8, first.get("old_theta"));
        assertEquals(0.81, first.get("new_theta"));
        assertEquals(400, first.get("samples"));
        assertEquals(0.6, first.get("nn10_mean"));
        assertTrue(first.toString(), ((Double) first.get("nn10_lower_bound")) < 0.6);
        assertEquals(7.25, first.get("mean_exit_layer"));
        assertEquals("2023-11-14T22:13:20.003Z", first.get("time"));
        assertEquals(4, first.get("settings_version"));
        Map<String, Object> hold = ((List<Map<String, Object>>) r.get("decisions")).get(2);
        assertEquals("hold", hold.get("action"));
        assertEquals("system", hold.get("measure"));
        assertFalse("a hold writes no settings", hold.containsKey("settings_version"));
        assertEquals(List.of(Map.of("theta", 0.8, "decision", 1)), ((Map<String, Object>) r.get("controller")).get("failed"));
    }

    public void testKeepsTheLastFiftyDecisions() {
        ModelTuning tuning = ModelTuning.start(CONFIG);
        ThetaController controller = new ThetaController(CONFIG);
        for (int i = 0; i < ModelTuning.MAX_DECISIONS + 7; i++) {
            TuningDecision d = controller.decide(new TuningWindow(0.9, 40, 40, 0.93, 0.93, 7));
            tuning = tuning.after(TuningRecord.of(d, TuningRecord.Measure.QUERY, TunedSetting.THETA, i, 1), controller.state(), 1, 40L * i);
        }
        assertEquals(ModelTuning.MAX_DECISIONS, tuning.decisions().size());
        assertEquals(7, tuning.decisions().get(0).timeMillis());
        assertEquals(ModelTuning.MAX_DECISIONS + 6, tuning.decisions().get(ModelTuning.MAX_DECISIONS - 1).timeMillis());
    }

    @SuppressWarnings("unchecked")
    public void testADecisionKeptWithoutAMeasureReadTheQueryNn10() throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder();
        decided().decisions().get(2).toXContent(builder, ToXContent.EMPTY_PARAMS);
        Map<String, Object> kept = XContentHelper.convertToMap(BytesReference.bytes(builder), false, MediaTypeRegistry.JSON).v2();
        assertEquals(TuningRecord.Measure.SYSTEM, TuningRecord.fromMap(kept).measure());
        kept.remove("measure");
        assertEquals(TuningRecord.Measure.QUERY, TuningRecord.fromMap(kept).measure());
        kept.remove("setting");
        assertEquals("a decision kept before decisions named their setting moved θ", TunedSetting.THETA, TuningRecord.fromMap(kept)
            .setting());
    }

    @SuppressWarnings("unchecked")
    public void testADecisionOnTheCalibrationTargetShowsItUnderItsName() throws IOException {
        ThetaController controller = new ThetaController(TuningConfig.of(TunedSetting.CALIBRATION_TARGET, 0.9, 20));
        TuningDecision up = controller.decide(new TuningWindow(0.95, 400, 400, 0.6, 0.6, 7.25));
        TuningRecord record = TuningRecord.of(up, TuningRecord.Measure.QUERY, TunedSetting.CALIBRATION_TARGET, 1, 3).written(4);
        XContentBuilder builder = JsonXContent.contentBuilder();
        record.toXContent(builder, ToXContent.EMPTY_PARAMS);
        Map<String, Object> shown = XContentHelper.convertToMap(BytesReference.bytes(builder), false, MediaTypeRegistry.JSON).v2();
        assertEquals("calibration_target", shown.get("setting"));
        assertEquals(0.95, shown.get("old_calibration_target"));
        assertEquals(0.96, shown.get("new_calibration_target"));
        assertFalse(shown.containsKey("old_theta"));
        assertEquals(record, TuningRecord.fromMap(shown));
    }

    public void testAWindowIsFreshAtANewVersionOrAfterMinSamplesMore() {
        ModelTuning tuning = decided();
        long version = tuning.windowSettingsVersion();
        long taken = tuning.querySamplesTaken();
        assertTrue("a new settings version", tuning.fresh(version + 1, taken, 20));
        assertFalse("the window the last decision read", tuning.fresh(version, taken + 19, 20));
        assertTrue("20 samples more", tuning.fresh(version, taken + 20, 20));
        assertTrue("a node restarted and counts from 0", tuning.fresh(version, 5, 20));
    }

    public void testAnotherTargetOrSettingStartsAFreshControllerAndKeepsTheDecisions() {
        ModelTuning tuning = decided();
        assertSame(tuning, tuning.forConfig(TuningConfig.of(0.9, 50)));
        ModelTuning calibrated = tuning.forConfig(TuningConfig.of(TunedSetting.CALIBRATION_TARGET, 0.9, 20));
        assertEquals("a θ that fell short is no calibration target", Map.of(), calibrated.controller().failedAt());
        assertEquals(TunedSetting.CALIBRATION_TARGET, calibrated.setting());
        assertEquals(tuning.decisions(), calibrated.decisions());
        ModelTuning other = tuning.forConfig(TuningConfig.of(0.8, 20));
        assertEquals(ControllerState.initial(TuningConfig.of(0.8, 20)), other.controller());
        assertEquals(tuning.decisions(), other.decisions());
        assertEquals(0.8, other.target(), 0);
    }

    public void testWithoutDropsOnlyTheNamedModel() {
        TuningMetadata next = sample().without("a");
        assertNull(next.get("a"));
        assertEquals(sample().get("b"), next.get("b"));
    }
}
