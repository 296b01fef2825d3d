package org.leap.plugin.action.settings;

import java.util.HashMap;
import java.util.Map;

import org.leap.plugin.model.EncodeDepth;
import org.leap.tuning.TunedSetting;
import org.leap.plugin.model.ModelSettings;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.test.OpenSearchTestCase;

/** The body of PUT /_plugins/_leap/models/{id}/_settings: types and ranges refused with the setting at fault. */
public class UpdateModelSettingsRequestTests extends OpenSearchTestCase {
    private static String validationFailure(Map<String, Object> body) {
        ActionRequestValidationException e = UpdateModelSettingsRequest.fromMap("m", body).validate();
        assertNotNull("expected a validation error for " + body, e);
        return e.getMessage();
    }

    public void testAcceptsAPartialUpdate() {
        UpdateModelSettingsRequest r = UpdateModelSettingsRequest.fromMap("m", Map.of("theta", 0.9));
        assertNull(r.validate());
        assertEquals(0.9, r.theta(), 0);
        assertNull(r.k());
        assertNull(r.lMin());
    }

    public void testRejectsThetaAboveOne() {
        assertTrue(validationFailure(Map.of("theta", 1.2)).contains("[theta] must be in (0, 1], got 1.2"));
    }

    public void testRejectsThetaZero() {
        assertTrue(validationFailure(Map.of("theta", 0)).contains("[theta] must be in (0, 1], got 0.0"));
    }

    public void testRejectsKBelowOne() {
        assertTrue(validationFailure(Map.of("k", 0)).contains("[k] must be at least 1, got 0"));
    }

    public void testRejectsLMinBelowOne() {
        assertTrue(validationFailure(Map.of("l_min", -3)).contains("[l_min] must be at least 1, got -3"));
    }

    public void testRejectsUnknownSetting() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "theta", 0.9, "patience", 2)));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown setting [patience]"));
    }

    public void testRejectsEmptyBody() {
        expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of()));
    }

    public void testRejectsText() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "theta", "high")));
        assertTrue(e.getMessage(), e.getMessage().contains("[theta] must be a number"));
    }

    public void testRejectsFractionalK() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "k", 1.5)));
        assertTrue(e.getMessage(), e.getMessage().contains("[k] must be an integer"));
    }

    public void testReadsDriftSettingsFlatOrNested() {
        UpdateModelSettingsRequest flat = UpdateModelSettingsRequest.fromMap("m", Map.of("drift.sample_rate", 1, "drift.auto_raise_theta",
            true));
        assertNull(flat.validate());
        assertEquals(1.0, flat.driftSampleRate(), 0);
        assertTrue(flat.autoRaiseTheta());
        UpdateModelSettingsRequest nested = UpdateModelSettingsRequest.fromMap("m", Map.of("drift", Map.of("sample_rate", 0)));
        assertEquals(0.0, nested.driftSampleRate(), 0);
        assertNull(nested.autoRaiseTheta());
        assertNull(nested.theta());
    }

    public void testRejectsSampleRateAboveOne() {
        assertTrue(validationFailure(Map.of("drift.sample_rate", 1.5)).contains("[drift.sample_rate] must be in [0, 1], got 1.5"));
    }

    public void testRejectsNonBooleanAutoRaise() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "drift", Map.of("auto_raise_theta", "yes"))));
        assertTrue(e.getMessage(), e.getMessage().contains("[drift.auto_raise_theta] must be true or false, got [yes]"));
    }

    public void testRejectsUnknownDriftSetting() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "drift", Map.of("rate", 0.5))));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown setting [drift.rate]"));
    }

    public void testReadsExitPolicy() {
        assertEquals(ModelSettings.ExitPolicyType.CALIBRATED, UpdateModelSettingsRequest.fromMap("m", Map.of("exit_policy", "calibrated"))
            .exitPolicy());
        assertNull(UpdateModelSettingsRequest.fromMap("m", Map.of("exit_policy", "global")).validate());
    }

    public void testRejectsUnknownExitPolicy() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "exit_policy", "oracle")));
        assertEquals("[exit_policy] must be global or calibrated, got [oracle]", e.getMessage());
    }

    public void testReadsEachSidesPolicyAndCarriesItOverTheWire() throws Exception {
        UpdateModelSettingsRequest r = UpdateModelSettingsRequest.fromMap("m", Map.of("ingest_policy", "early_exit", "query_policy",
            "full_depth"));
        assertNull(r.validate());
        BytesStreamOutput out = new BytesStreamOutput();
        r.writeTo(out);
        UpdateModelSettingsRequest read = new UpdateModelSettingsRequest(out.bytes().streamInput());
        assertEquals(EncodeDepth.EARLY_EXIT, read.ingestPolicy());
        assertEquals(EncodeDepth.FULL_DEPTH, read.queryPolicy());
        assertNull(read.exitPolicy());
        assertNull(read.theta());
    }

    public void testRejectsAnUnknownPolicy() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "query_policy", "fast")));
        assertEquals("[query_policy] must be early_exit or full_depth, got [fast]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of("ingest_policy", 1)));
        assertEquals("[ingest_policy] must be early_exit or full_depth, got [1]", e.getMessage());
    }

    public void testReadsTheTuningSettingsAndCarriesThemOverTheWire() throws Exception {
        UpdateModelSettingsRequest r = UpdateModelSettingsRequest.fromMap("m", Map.of("auto_tune", true, "target_nn10", 0.85));
        assertNull(r.validate());
        BytesStreamOutput out = new BytesStreamOutput();
        r.writeTo(out);
        UpdateModelSettingsRequest read = new UpdateModelSettingsRequest(out.bytes().streamInput());
        assertTrue(read.autoTune());
        assertEquals(0.85, read.targetNn10(), 0);
        assertNull(read.theta());
        assertNull(read.autoRaiseTheta());
        assertEquals("a user's update holds whatever the version", -1, read.ifVersion());
    }

    public void testAnAutomaticChangeCarriesTheVersionItWasDecidedAt() throws Exception {
        BytesStreamOutput out = new BytesStreamOutput();
        UpdateModelSettingsRequest.theta("m", 0.81, 7).writeTo(out);
        UpdateModelSettingsRequest read = new UpdateModelSettingsRequest(out.bytes().streamInput());
        assertEquals(0.81, read.theta(), 0);
        assertEquals(7, read.ifVersion());
        assertNull(read.validate());
    }

    public void testTheControllersChangeOfTheCalibrationTargetCarriesItAlone() throws Exception {
        BytesStreamOutput out = new BytesStreamOutput();
        UpdateModelSettingsRequest.tuned("m", TunedSetting.CALIBRATION_TARGET, 0.93, 7).writeTo(out);
        UpdateModelSettingsRequest read = new UpdateModelSettingsRequest(out.bytes().streamInput());
        assertEquals(0.93, read.calibrationTarget(), 0);
        assertNull(read.theta());
        assertEquals(7, read.ifVersion());
        assertNull(read.validate());
    }

    public void testRejectsACalibrationTargetOutsideZeroToOne() {
        assertTrue(validationFailure(Map.of("calibration_target", 1.2)).contains(
            "[calibration_target]: the calibration target must be in (0, 1], got 1.2"));
        assertNull(UpdateModelSettingsRequest.fromMap("m", Map.of("calibration_target", 0.9)).validate());
        Map<String, Object> remove = new HashMap<>();
        remove.put("calibration_target", null);
        UpdateModelSettingsRequest removal = UpdateModelSettingsRequest.fromMap("m", remove);
        assertNull("removing the target is a change of its own", removal.validate());
        assertTrue(removal.removeCalibrationTarget());
        assertFalse(removal.removeDegradeFloor());
    }

    public void testReadsTheDegradeSettingsAndCarriesThemOverTheWire() throws Exception {
        UpdateModelSettingsRequest r = UpdateModelSettingsRequest.fromMap("m", Map.of("degrade_min_nn10", 0.6, "degrade_ingest", true));
        assertNull(r.validate());
        BytesStreamOutput out = new BytesStreamOutput();
        r.writeTo(out);
        UpdateModelSettingsRequest read = new UpdateModelSettingsRequest(out.bytes().streamInput());
        assertEquals(0.6, read.degradeMinNn10(), 0);
        assertFalse(read.removeDegradeFloor());
        assertTrue(read.degradeIngest());
        assertNull(read.targetNn10());
        assertNull(read.theta());

        Map<String, Object> remove = new HashMap<>();
        remove.put("degrade_min_nn10", null);
        r = UpdateModelSettingsRequest.fromMap("m", remove);
        assertNull("removing the floor is a change of its own", r.validate());
        out = new BytesStreamOutput();
        r.writeTo(out);
        read = new UpdateModelSettingsRequest(out.bytes().streamInput());
        assertTrue(read.removeDegradeFloor());
        assertNull(read.degradeMinNn10());
        assertNull(read.degradeIngest());
    }

    public void testRejectsADegradeFloorOutsideZeroToOneOrNotABoolean() {
        assertTrue(validationFailure(Map.of("degrade_min_nn10", 1.2)).contains("[degrade_min_nn10] must be in (0, 1], got 1.2"));
        assertTrue(validationFailure(Map.of("degrade_min_nn10", 0)).contains("[degrade_min_nn10] must be in (0, 1], got 0.0"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "degrade_ingest", "yes")));
        assertEquals("[degrade_ingest] must be true or false, got [yes]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of("degrade_min_nn10", "high")));
        assertTrue(e.getMessage(), e.getMessage().contains("[degrade_min_nn10] must be a number"));
    }

    public void testRejectsATargetOutsideZeroToOne() {
        assertTrue(validationFailure(Map.of("target_nn10", 1.5)).contains("[target_nn10] must be in (0, 1], got 1.5"));
        assertTrue(validationFailure(Map.of("target_nn10", 0)).contains("[target_nn10] must be in (0, 1], got 0.0"));
        assertNull(UpdateModelSettingsRequest.fromMap("m", Map.of("target_nn10", 1)).validate());
    }

    public void testRejectsNonBooleanAutoTune() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of(
            "auto_tune", "true")));
        assertEquals("[auto_tune] must be true or false, got [true]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> UpdateModelSettingsRequest.fromMap("m", Map.of("target_nn10", "high")));
        assertTrue(e.getMessage(), e.getMessage().contains("[target_nn10] must be a number"));
    }
}
