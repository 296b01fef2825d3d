package org.leap.plugin.action.settings;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.leap.model.ExitThresholds;
import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.ModelSettings.ExitPolicyType;
import org.leap.tuning.TunedSetting;
import org.leap.tuning.TuningConfig;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.clustermanager.ClusterManagerNodeRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/**
 * A partial update of one model's settings (exit rule, exit policy and calibration target, drift sampling, theta
 * tuning and degrading under load): the fields left null keep their value. The ranges that do not depend on the model
 * are checked here; l_min and k against the model's depth, and the tuning target, the degrade floor and their needs
 * against the merged settings ({@link org.leap.plugin.model.ModelSettings}), on the cluster manager.
 */
public final class UpdateModelSettingsRequest extends ClusterManagerNodeRequest<UpdateModelSettingsRequest> {
    static final String SAMPLE_RATE = "drift.sample_rate";
    static final String AUTO_RAISE = "drift.auto_raise_theta";
    static final String EXIT_POLICY = "exit_policy";
    static final String CALIBRATION_TARGET = "calibration_target";
    static final String INGEST_POLICY = "ingest_policy";
    static final String QUERY_POLICY = "query_policy";
    static final String AUTO_TUNE = "auto_tune";
    static final String TARGET_NN10 = "target_nn10";
    static final String DEGRADE_MIN_NN10 = "degrade_min_nn10";
    static final String DEGRADE_INGEST = "degrade_ingest";
    /** Every key of the body. */
    public static final Set<String> FIELDS = Set.of("theta", "k", "l_min", EXIT_POLICY, CALIBRATION_TARGET, INGEST_POLICY, QUERY_POLICY,
        SAMPLE_RATE, AUTO_RAISE, AUTO_TUNE, TARGET_NN10, DEGRADE_MIN_NN10, DEGRADE_INGEST);

    private final String modelId;
    private final Double theta;
    private final Integer k;
    private final Integer lMin;
    private final ExitPolicyType exitPolicy;
    private final Double calibrationTarget;
    private final boolean removeCalibrationTarget;
    private final EncodeDepth ingestPolicy;
    private final EncodeDepth queryPolicy;
    private final Double driftSampleRate;
    private final Boolean autoRaiseTheta;
    private final Boolean autoTune;
    private final Double targetNn10;
    private final Double degradeMinNn10;
    private final boolean removeDegradeFloor;
    private final Boolean degradeIngest;
    private final long ifVersion;

    /**
     * @param removeCalibrationTarget whether the update removes the calibration target (the body's
     *     {@code "calibration_target": null}), so that the calibrated policy uses the thresholds as stored
     * @param removeDegradeFloor whether the update removes the model's degrade floor (the body's
     *     {@code "degrade_min_nn10": null}), so that it no longer degrades
     * @param ifVersion the settings version the change was decided at: when the settings are at another one by then, the
     *     update is refused (409), so that a change made meanwhile is not overwritten; -1 for none (a user's update)
     */
    public UpdateModelSettingsRequest(String modelId, Double theta, Integer k, Integer lMin, ExitPolicyType exitPolicy,
        Double calibrationTarget, boolean removeCalibrationTarget, EncodeDepth ingestPolicy, EncodeDepth queryPolicy,
        Double driftSampleRate, Boolean autoRaiseTheta, Boolean autoTune, Double targetNn10, Double degradeMinNn10,
        boolean removeDegradeFloor, Boolean degradeIngest, long ifVersion) {
        this.modelId = modelId;
        this.theta = theta;
        this.k = k;
        this.lMin = lMin;
        this.exitPolicy = exitPolicy;
        this.calibrationTarget = calibrationTarget;
        this.removeCalibrationTarget = removeCalibrationTarget;
        this.ingestPolicy = ingestPolicy;
        this.queryPolicy = queryPolicy;
        this.driftSampleRate = driftSampleRate;
        this.autoRaiseTheta = autoRaiseTheta;
        this.autoTune = autoTune;
        this.targetNn10 = targetNn10;
        this.degradeMinNn10 = degradeMinNn10;
        this.removeDegradeFloor = removeDegradeFloor;
        this.degradeIngest = degradeIngest;
        this.ifVersion = ifVersion;
    }

    /** A change of theta alone, as the drift monitor makes it, decided at this settings version. */
    public static UpdateModelSettingsRequest theta(String modelId, double theta, long ifVersion) {
        return tuned(modelId, TunedSetting.THETA, theta, ifVersion);
    }

    /** A change of the setting the controller moves, alone, decided at this settings version. */
    public static UpdateModelSettingsRequest tuned(String modelId, TunedSetting setting, double value, long ifVersion) {
        boolean theta = setting == TunedSetting.THETA;
        return new UpdateModelSettingsRequest(modelId, theta ? value : null, null, null, null, theta ? null : value, false, null, null,
            null, null, null, null, null, false, null, ifVersion);
    }

    public UpdateModelSettingsRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
        this.theta = in.readOptionalDouble();
        this.k = in.readOptionalVInt();
        this.lMin = in.readOptionalVInt();
        this.exitPolicy = readOptional(in, ExitPolicyType.class);
        this.calibrationTarget = in.readOptionalDouble();
        this.removeCalibrationTarget = in.readBoolean();
        this.ingestPolicy = readOptional(in, EncodeDepth.class);
        this.queryPolicy = readOptional(in, EncodeDepth.class);
        this.driftSampleRate = in.readOptionalDouble();
        this.autoRaiseTheta = in.readOptionalBoolean();
        this.autoTune = in.readOptionalBoolean();
        this.targetNn10 = in.readOptionalDouble();
        this.degradeMinNn10 = in.readOptionalDouble();
        this.removeDegradeFloor = in.readBoolean();
        this.degradeIngest = in.readOptionalBoolean();
        this.ifVersion = in.readZLong();
    }

    /**
     * Reads {@code {"theta": .., "k": .., "l_min": .., "exit_policy": .., "calibration_target": .., "ingest_policy": ..,
     * "query_policy": .., "drift.sample_rate": .., "drift.auto_raise_theta": .., "auto_tune": .., "target_nn10": ..,
     * "degrade_min_nn10": .., "degrade_ingest": ..}} ({@code "degrade_min_nn10": null} removes the floor,
     * {@code "calibration_target": null} the target; the drift keys also as a {@code "drift": {"sample_rate",
     * "auto_raise_theta"}} object); anything else, or a value of the wrong type, is refused.
     */
    public static UpdateModelSettingsRequest fromMap(String modelId, Map<String, Object> nested) {
        Map<String, Object> body = flatten(nested);
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the body must set at least one of " + FIELDS.stream().sorted().toList());
        }
        for (String key : body.keySet()) {
            if (FIELDS.contains(key) == false) {
                throw new IllegalArgumentException("unknown setting [" + key + "]; the settings are " + FIELDS.stream().sorted().toList());
            }
        }
        Object exitPolicy = body.get(EXIT_POLICY);
        if (exitPolicy != null && (exitPolicy instanceof String) == false) {
            throw new IllegalArgumentException("[" + EXIT_POLICY + "] must be global or calibrated, got [" + exitPolicy + "]");
        }
        return new UpdateModelSettingsRequest(modelId, decimal(body, "theta"), integer(body, "k"), integer(body, "l_min"),
            exitPolicy == null ? null : ExitPolicyType.parse((String) exitPolicy), decimal(body, CALIBRATION_TARGET), removes(body,
                CALIBRATION_TARGET), depth(body, INGEST_POLICY), depth(body, QUERY_POLICY),
            decimal(body, SAMPLE_RATE), bool(body, AUTO_RAISE), bool(body, AUTO_TUNE), decimal(body, TARGET_NN10),
            decimal(body, DEGRADE_MIN_NN10), removes(body, DEGRADE_MIN_NN10), bool(body, DEGRADE_INGEST), -1);
    }

    /** Whether the body sets this key to null: it removes the setting. */
    private static boolean removes(Map<String, Object> body, String key) {
        return body.containsKey(key) && body.get(key) == null;
    }

    private static Boolean bool(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value != null && (value instanceof Boolean) == false) {
            throw new IllegalArgumentException("[" + key + "] must be true or false, got [" + value + "]");
        }
        return (Boolean) value;
    }

    private static EncodeDepth depth(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null ? null : EncodeDepth.parse(key, value);
    }

    /** {@code {"drift": {"sample_rate": x}}} becomes {@code {"drift.sample_rate": x}}; other keys stay as they are. */
    private static Map<String, Object> flatten(Map<String, Object> body) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (body == null) {
            return flat;
        }
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (e.getKey().equals("drift") && e.getValue() instanceof Map<?, ?> drift) {
                drift.forEach((k, v) -> flat.put("drift." + k, v));
            } else {
                flat.put(e.getKey(), e.getValue());
            }
        }
        return flat;
    }

    private static Double decimal(Map<String, Object> body, String key) {
        Number n = number(body, key, false);
        return n == null ? null : n.doubleValue();
    }

    private static Number number(Map<String, Object> body, String key, boolean integral) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            if (integral && (n instanceof Double || n instanceof Float) && n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("[" + key + "] must be an integer, got [" + v + "]");
            }
            return n;
        }
        throw new IllegalArgumentException("[" + key + "] must be a number, got [" + v + "]");
    }

    private static Integer integer(Map<String, Object> body, String key) {
        Number n = number(body, key, true);
        if (n == null) {
            return null;
        }
        if (n.longValue() < Integer.MIN_VALUE || n.longValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("[" + key + "] is out of range: " + n);
        }
        return n.intValue();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(modelId);
        out.writeOptionalDouble(theta);
        out.writeOptionalVInt(k);
        out.writeOptionalVInt(lMin);
        writeOptional(out, exitPolicy);
        out.writeOptionalDouble(calibrationTarget);
        out.writeBoolean(removeCalibrationTarget);
        writeOptional(out, ingestPolicy);
        writeOptional(out, queryPolicy);
        out.writeOptionalDouble(driftSampleRate);
        out.writeOptionalBoolean(autoRaiseTheta);
        out.writeOptionalBoolean(autoTune);
        out.writeOptionalDouble(targetNn10);
        out.writeOptionalDouble(degradeMinNn10);
        out.writeBoolean(removeDegradeFloor);
        out.writeOptionalBoolean(degradeIngest);
        out.writeZLong(ifVersion);
    }

    private static <E extends Enum<E>> E readOptional(StreamInput in, Class<E> type) throws IOException {
        return in.readBoolean() ? in.readEnum(type) : null;
    }

    private static <E extends Enum<E>> void writeOptional(StreamOutput out, E value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeEnum(value);
        }
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = new ActionRequestValidationException();
        if (modelId == null || modelId.isBlank()) {
            e.addValidationError("a model_id is required");
        }
        if (theta == null && k == null && lMin == null && exitPolicy == null && calibrationTarget == null
            && removeCalibrationTarget == false && ingestPolicy == null && queryPolicy == null
            && driftSampleRate == null && autoRaiseTheta == null && autoTune == null && targetNn10 == null && degradeMinNn10 == null
            && removeDegradeFloor == false && degradeIngest == null) {
            e.addValidationError("set at least one of " + FIELDS.stream().sorted().toList());
        }
        if (theta != null && (theta > 0 && theta <= 1) == false) {
            e.addValidationError("[theta] must be in (0, 1], got " + theta);
        }
        if (calibrationTarget != null) {
            try {
                ExitThresholds.checkTarget(calibrationTarget);
            } catch (IllegalArgumentException bad) {
                e.addValidationError("[" + CALIBRATION_TARGET + "]: " + bad.getMessage());
            }
        }
        if (k != null && k < 1) {
            e.addValidationError("[k] must be at least 1, got " + k);
        }
        if (lMin != null && lMin < 1) {
            e.addValidationError("[l_min] must be at least 1, got " + lMin);
        }
        if (driftSampleRate != null && (driftSampleRate >= 0 && driftSampleRate <= 1) == false) {
            e.addValidationError("[" + SAMPLE_RATE + "] must be in [0, 1], got " + driftSampleRate);
        }
        checkNn10(e, TARGET_NN10, targetNn10);
        checkNn10(e, DEGRADE_MIN_NN10, degradeMinNn10);
        return e.validationErrors().isEmpty() ? null : e;
    }

    /** The one NN@10 check of the library ({@link TuningConfig#checkNn10}), its message as a validation error. */
    private static void checkNn10(ActionRequestValidationException e, String key, Double nn10) {
        if (nn10 != null) {
            try {
                TuningConfig.checkNn10(key, nn10);
            } catch (IllegalArgumentException bad) {
                e.addValidationError(bad.getMessage());
            }
        }
    }

    public String modelId() {
        return modelId;
    }

    public Double theta() {
        return theta;
    }

    public Integer k() {
        return k;
    }

    public Integer lMin() {
        return lMin;
    }

    public ExitPolicyType exitPolicy() {
        return exitPolicy;
    }

    public Double calibrationTarget() {
        return calibrationTarget;
    }

    /** Whether the update removes the calibration target. */
    public boolean removeCalibrationTarget() {
        return removeCalibrationTarget;
    }

    public EncodeDepth ingestPolicy() {
        return ingestPolicy;
    }

    public EncodeDepth queryPolicy() {
        return queryPolicy;
    }

    public Double driftSampleRate() {
        return driftSampleRate;
    }

    public Boolean autoRaiseTheta() {
        return autoRaiseTheta;
    }

    public Boolean autoTune() {
        return autoTune;
    }

    public Double targetNn10() {
        return targetNn10;
    }

    public Double degradeMinNn10() {
        return degradeMinNn10;
    }

    /** Whether the update removes the model's degrade floor. */
    public boolean removeDegradeFloor() {
        return removeDegradeFloor;
    }

    public Boolean degradeIngest() {
        return degradeIngest;
    }

    public long ifVersion() {
        return ifVersion;
    }
}
