package org.leap.plugin.model;

import static org.leap.plugin.model.ModelSettings.ExitPolicyType.CALIBRATED;
import static org.leap.plugin.model.EncodeDepth.EARLY_EXIT;
import static org.leap.plugin.model.EncodeDepth.FULL_DEPTH;
import static org.leap.plugin.model.ModelSettings.ExitPolicyType.GLOBAL;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.leap.encoder.ExitPolicy;
import org.leap.model.ExitCurve;
import org.leap.model.ExitThresholds;
import org.leap.encoder.EncodeMode;
import org.leap.encoder.EncodeOptions;
import org.leap.model.ModelDescriptor;
import org.leap.plugin.stats.EncodePath;
import org.leap.tuning.TunedSetting;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.core.common.io.stream.StreamInput;

/** The cluster-state form of the model settings survives the wire and the gateway's XContent unchanged. */
public class ModelSettingsMetadataTests extends ModelMapMetadataTestCase<ModelSettingsMetadata> {
    @Override
    protected ModelSettingsMetadata sample() {
        return new ModelSettingsMetadata(Map.of("a", new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0.01, false,
            new ThetaTuning(true, 0.85), new LoadDegrade(0.5, true), 3), "b",
            new ModelSettings(1.0, 2, 4, CALIBRATED, 0.9, EARLY_EXIT, FULL_DEPTH, 1.0, true, ThetaTuning.OFF, LoadDegrade.OFF, 1)));
    }

    @Override
    protected ModelSettingsMetadata read(StreamInput in) throws IOException {
        return new ModelSettingsMetadata(in);
    }

    @Override
    protected ModelSettingsMetadata parse(XContentParser parser) throws IOException {
        return ModelSettingsMetadata.fromXContent(parser);
    }

    public void testWithBumpsOnlyTheNamedModel() {
        ModelSettingsMetadata next = sample().with("a", new ModelSettings(0.8, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 4));
        assertEquals(4, next.get("a").version());
        assertEquals(sample().get("b"), next.get("b"));
    }

    public void testSettingsRefuseThetaOutOfRange() {
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(1.01, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 1));
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 1));
    }

    public void testSettingsRefuseSampleRateOutOfRange() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 1.5, false, ThetaTuning.OFF, LoadDegrade.OFF, 1));
        assertEquals("[drift.sample_rate] must be in [0, 1], got 1.5", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, -0.1, false, ThetaTuning.OFF, LoadDegrade.OFF, 1));
    }

    public void testAutoTuneNeedsDriftMonitoringAndSaysHowToTurnItOn() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH,
            EARLY_EXIT, 0, false, new ThetaTuning(true, 0.9), LoadDegrade.OFF, 1));
        assertTrue(e.getMessage(), e.getMessage().contains("[auto_tune] needs drift monitoring"));
        assertTrue(e.getMessage(), e.getMessage().contains("set [drift.sample_rate] above 0"));
        assertFalse(new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0, false, new ThetaTuning(false, 0.9), LoadDegrade.OFF, 1).tuning()
            .autoTune());
    }

    public void testAutoTuneNeedsQueriesThatExit() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH,
            FULL_DEPTH, 0.01, false, new ThetaTuning(true, 0.9), LoadDegrade.OFF, 1));
        assertTrue(e.getMessage(), e.getMessage().contains("set [query_policy] to early_exit"));
    }

    public void testAutoTuneUnderTheCalibratedPolicyMovesTheCalibrationTarget() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, CALIBRATED, null,
            FULL_DEPTH, EARLY_EXIT, 0.01, false, new ThetaTuning(true, 0.9), LoadDegrade.OFF, 1));
        assertTrue(e.getMessage(), e.getMessage().contains("moves [calibration_target], which is not set"));
        ModelSettings calibrated = new ModelSettings(0.9, 1, 6, CALIBRATED, 0.93, FULL_DEPTH, EARLY_EXIT, 0.01, false, new ThetaTuning(
            true, 0.9), LoadDegrade.OFF, 1);
        assertEquals(TunedSetting.CALIBRATION_TARGET, calibrated.tunedSetting());
        assertEquals(0.93, calibrated.tunedValue(), 0);
        ModelSettings global = new ModelSettings(0.9, 1, 6, GLOBAL, 0.93, FULL_DEPTH, EARLY_EXIT, 0.01, false, new ThetaTuning(true, 0.9),
            LoadDegrade.OFF, 1);
        assertEquals(TunedSetting.THETA, global.tunedSetting());
        assertEquals(0.9, global.tunedValue(), 0);
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, CALIBRATED, 1.5, FULL_DEPTH, EARLY_EXIT, 0.01,
            false, ThetaTuning.OFF, LoadDegrade.OFF, 1));
    }

    public void testDegradeFloorIsInZeroToOneAndNotAboveTheTarget() {
        assertEquals("[degrade_min_nn10] must be in (0, 1], got 0.0", expectThrows(IllegalArgumentException.class, () -> new LoadDegrade(
            0.0, false)).getMessage());
        expectThrows(IllegalArgumentException.class, () -> new LoadDegrade(1.01, false));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH,
            EARLY_EXIT, 0.01, false, new ThetaTuning(false, 0.8), new LoadDegrade(0.85, false), 1));
        assertTrue(e.getMessage(), e.getMessage().contains("[degrade_min_nn10] 0.85 is above [target_nn10] 0.8"));
        assertEquals(0.8, new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, new ThetaTuning(false, 0.8),
            new LoadDegrade(0.8, true), 1).degrade().minNn10(), 0);
    }

    public void testTuningRefusesATargetOutsideZeroToOne() {
        assertEquals("[target_nn10] must be in (0, 1], got 1.01", expectThrows(IllegalArgumentException.class, () -> new ThetaTuning(
            false, 1.01)).getMessage());
        expectThrows(IllegalArgumentException.class, () -> new ThetaTuning(true, 0));
        assertEquals(1.0, new ThetaTuning(true, 1).config(TunedSetting.THETA, 20).target(), 0);
    }

    public void testStateWrittenBeforeDriftSettingsGetsTheirDefaults() throws IOException {
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY,
            DeprecationHandler.THROW_UNSUPPORTED_OPERATION, "{\"a\": {\"theta\": 0.9, \"k\": 1, \"l_min\": 6, \"version\": 2}}")) {
            ModelSettings a = ModelSettingsMetadata.fromXContent(parser).get("a");
            assertEquals(ModelSettings.DEFAULT_DRIFT_SAMPLE_RATE, a.driftSampleRate(), 0);
            assertFalse(a.autoRaiseTheta());
            assertEquals(GLOBAL, a.exitPolicy());
            assertEquals(FULL_DEPTH, a.ingestPolicy());
            assertEquals(EARLY_EXIT, a.queryPolicy());
            assertEquals(2, a.version());
            assertEquals(ThetaTuning.OFF, a.tuning());
        }
    }

    public void testEachPathEncodesAtItsPolicysDepthAndARequestsThetaAsksForEarlyExit() {
        ModelSettings settings = new ModelSettings(0.9, 1, 6, GLOBAL, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 1);
        EncodeOptions ingest = settings.options(EncodePath.INGEST, null, model(null));
        assertEquals(EncodeMode.FULL_DEPTH, ingest.mode());
        assertTrue("documents get the passage prefix", ingest.passage());
        EncodeOptions query = settings.options(EncodePath.QUERY, null, model(null));
        assertEquals(EncodeMode.EARLY_EXIT, query.mode());
        assertFalse(query.passage());
        assertEquals(0.9, query.policy().theta(), 0);
        EncodeOptions ingestWithTheta = settings.options(EncodePath.INGEST, 0.8, model(null));
        assertEquals(EncodeMode.EARLY_EXIT, ingestWithTheta.mode());
        assertEquals(0.8, ingestWithTheta.policy().theta(), 0);

        ModelSettings swapped = new ModelSettings(0.9, 1, 6, GLOBAL, null, EARLY_EXIT, FULL_DEPTH, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 1);
        assertEquals(EncodeMode.EARLY_EXIT, swapped.options(EncodePath.INGEST, null, model(null)).mode());
        assertEquals(EncodeMode.FULL_DEPTH, swapped.options(EncodePath.QUERY, null, model(null)).mode());
    }

    public void testADepthIsEarlyExitOrFullDepth() {
        assertEquals(FULL_DEPTH, EncodeDepth.parse("ingest_policy", "full_depth"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> EncodeDepth.parse("query_policy", "fast"));
        assertEquals("[query_policy] must be early_exit or full_depth, got [fast]", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> EncodeDepth.parse("query_policy", true));
    }

    private static ModelDescriptor model(ExitThresholds thresholds) {
        return new ModelDescriptor("m", null, new ModelDescriptor.Source(null, null, null, "weights.fp16", null, "tokenizer.json", null),
            12, 384, 12, 512, "mean", "mean", "", "", thresholds);
    }

    public void testCalibratedPolicyUsesTheModelsThresholdsUnlessARequestBringsItsTheta() {
        ModelSettings calibrated = new ModelSettings(0.95, 1, 6, CALIBRATED, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 1);
        ExitPolicy policy = calibrated.policy(null, model(new ExitThresholds(0.95, 1, Map.of(7, 0.97), null)));
        assertEquals(0.97, policy.thetaAt(7), 0);
        assertTrue(Double.isNaN(policy.thetaAt(6)));
        assertEquals(0.9, calibrated.policy(0.9, model(new ExitThresholds(0.95, 1, Map.of(7, 0.97), null))).thetaAt(6), 0);
    }

    public void testCalibratedPolicyIsRefusedForAModelWithoutThresholds() {
        ModelSettings calibrated = new ModelSettings(0.95, 1, 6, CALIBRATED, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF, LoadDegrade.OFF, 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> calibrated.policy(null, model(null)));
        assertEquals("model [m] has no calibrated exit thresholds (leap calibrate stores them); use the global exit policy",
            e.getMessage());
    }

    public void testACalibrationTargetMovesTheModelsThresholdsAlongTheirCurves() {
        Map<Integer, ExitCurve> curves = Map.of(7, new ExitCurve(List.of(new ExitCurve.Point(0.9, 0.9), new ExitCurve.Point(0.97, 0.96))));
        ModelDescriptor model = model(ExitThresholds.fromCurves(0.95, 1, curves, null));
        ModelSettings asStored = new ModelSettings(0.95, 1, 6, CALIBRATED, null, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF,
            LoadDegrade.OFF, 1);
        assertEquals(0.97, asStored.policy(null, model).thetaAt(7), 0);
        ModelSettings lower = new ModelSettings(0.95, 1, 6, CALIBRATED, 0.9, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF,
            LoadDegrade.OFF, 1);
        assertEquals(0.9, lower.policy(null, model).thetaAt(7), 0);
        lower.checkFor(model);
    }

    public void testACalibrationTargetIsRefusedForThresholdsWithoutCurvesEvenUnderTheGlobalPolicy() {
        ModelSettings global = new ModelSettings(0.95, 1, 6, GLOBAL, 0.9, FULL_DEPTH, EARLY_EXIT, 0.01, false, ThetaTuning.OFF,
            LoadDegrade.OFF, 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> global.checkFor(model(new ExitThresholds(0.95, 1,
            Map.of(7, 0.97), null))));
        assertTrue(e.getMessage(), e.getMessage().contains("recalibrate the model with leap calibrate"));
        expectThrows(IllegalArgumentException.class, () -> global.checkFor(model(null)));
    }
}
