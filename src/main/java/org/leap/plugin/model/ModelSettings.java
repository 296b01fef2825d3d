package org.leap.plugin.model;

import java.io.IOException;

import java.util.Locale;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.ExitPolicy;
import org.leap.model.ExitThresholds;
import org.leap.model.ModelDescriptor;
import org.leap.plugin.stats.EncodePath;
import org.leap.tuning.TunedSetting;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * The settings of one model as the cluster holds them: the exit rule (theta, k (patience), l_min, and whether the global
 * theta or the model's calibrated per-layer thresholds decide), which side of search runs it (ingest, query), the drift monitor's
 * sampling ({@code drift.sample_rate}, {@code drift.auto_raise_theta}), whether the cluster manager tunes theta to a
 * target NN@10 ({@code auto_tune}, {@code target_nn10}), how far it may degrade under load ({@code degrade_min_nn10},
 * {@code degrade_ingest}), and the version they were written with (0 while the model still runs on its defaults).
 *
 * @param theta exit threshold in (0, 1]
 * @param k patience, at least 1
 * @param lMin first layer allowed to exit, at least 1
 * @param exitPolicy {@code global} (theta at every layer) or {@code calibrated} (the model's stored theta_l)
 * @param calibrationTarget under the calibrated policy, the target its thresholds are moved to (from the curves stored
 *     with them), or null for the thresholds as stored; the controller moves it as it moves theta under the global policy
 * @param ingestPolicy how deep ingested documents are encoded
 * @param queryPolicy how deep {@code leap_neural} queries are encoded
 * @param driftSampleRate share of queries and ingested texts sent to a full-depth shadow encode, in [0, 1]; 0 disables
 * @param autoRaiseTheta whether the drift alarm raises theta by itself (unless the controller tunes it)
 * @param tuning whether the controller tunes theta (or the calibration target), and to what target; it reads the drift
 *     samples of exiting queries, so it needs monitoring on and queries that exit
 * @param degrade the NN@10 floor of encodes degraded under load, and whether ingest degrades; the floor may not be above
 *     the target (a degraded search would then have to be better than a normal one)
 * @param version 1 for the first update of this model, then one more per update
 */
public record ModelSettings(double theta, int k, int lMin, ExitPolicyType exitPolicy, Double calibrationTarget, EncodeDepth ingestPolicy,
    EncodeDepth queryPolicy,
    double driftSampleRate, boolean autoRaiseTheta, ThetaTuning tuning, LoadDegrade degrade, long version)
    implements Writeable, ToXContentObject {
    public static final double DEFAULT_DRIFT_SAMPLE_RATE = 0.01;
    /**
     * Documents at full depth by default: on SciFact (train split) leap-bge-small ranks at NDCG@10 0.577 with its queries
     * exiting against documents at full depth, and at 0.430 with the documents exiting too (models/leap-bge-small-v2).
     */
    public static final EncodeDepth DEFAULT_INGEST_POLICY = EncodeDepth.FULL_DEPTH;
    /** Queries exit by default: they are what a search pays for every time, and short text is where the models exit well. */
    public static final EncodeDepth DEFAULT_QUERY_POLICY = EncodeDepth.EARLY_EXIT;

    /** Which thresholds decide an exit. */
    public enum ExitPolicyType {
        GLOBAL, CALIBRATED;

        public static ExitPolicyType parse(String value) {
            for (ExitPolicyType t : values()) {
                if (t.toString().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("[exit_policy] must be global or calibrated, got [" + value + "]");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ModelSettings {
        new ExitPolicy(theta, k, lMin); // validates theta, k and l_min
        if (exitPolicy == null || ingestPolicy == null || queryPolicy == null) {
            throw new IllegalArgumentException("[exit_policy], [ingest_policy] and [query_policy] are required");
        }
        if ((driftSampleRate >= 0 && driftSampleRate <= 1) == false) {
            throw new IllegalArgumentException("[drift.sample_rate] must be in [0, 1], got " + driftSampleRate);
        }
        if (tuning == null) {
            throw new IllegalArgumentException("[auto_tune] and [target_nn10] are required");
        }
        if (tuning.autoTune() && driftSampleRate == 0) {
            throw new IllegalArgumentException("[auto_tune] needs drift monitoring, which is off for this model ([drift.sample_rate] is"
                + " 0): set [drift.sample_rate] above 0 (e.g. 0.05) in the same request or before");
        }
        if (tuning.autoTune() && queryPolicy == EncodeDepth.FULL_DEPTH) {
            throw new IllegalArgumentException("[auto_tune] tunes the theta queries exit at, and [query_policy] is full_depth (no query"
                + " exits, none is sampled): set [query_policy] to early_exit");
        }
        if (calibrationTarget != null) {
            ExitThresholds.checkTarget(calibrationTarget);
        }
        if (tuning.autoTune() && exitPolicy == ExitPolicyType.CALIBRATED && calibrationTarget == null) {
            throw new IllegalArgumentException("[auto_tune] under [exit_policy] calibrated moves [calibration_target], which is not set");
        }
        if (degrade == null) {
            throw new IllegalArgumentException("[degrade_min_nn10] and [degrade_ingest] are required");
        }
        if (degrade.minNn10() != null && degrade.minNn10() > tuning.targetNn10()) {
            throw new IllegalArgumentException("[degrade_min_nn10] " + degrade.minNn10() + " is above [target_nn10] " + tuning.targetNn10()
                + ": a degraded search may not need more neighbour overlap than a normal one; lower the floor or raise the target");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    /**
     * The defaults of a model of this depth: global theta 0.95, k 1, l_min L/2, documents at full depth, queries exiting,
     * drift sampling 1%, no auto-raise, no auto-tune (target NN@10 0.90), no degrading, version 0.
     */
    public static ModelSettings defaultsFor(int layers) {
        ExitPolicy p = ExitPolicy.defaultFor(layers);
        return new ModelSettings(p.theta(), p.patience(), p.minLayer(), ExitPolicyType.GLOBAL, null, DEFAULT_INGEST_POLICY,
            DEFAULT_QUERY_POLICY, DEFAULT_DRIFT_SAMPLE_RATE, false, ThetaTuning.OFF, LoadDegrade.OFF, 0);
    }

    public static ModelSettings readFrom(StreamInput in) throws IOException {
        return new ModelSettings(in.readDouble(), in.readVInt(), in.readVInt(), in.readEnum(ExitPolicyType.class),
            in.readOptionalDouble(), in.readEnum(EncodeDepth.class), in.readEnum(EncodeDepth.class), in.readDouble(), in.readBoolean(),
            ThetaTuning.readFrom(in), LoadDegrade.readFrom(in), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeDouble(theta);
        out.writeVInt(k);
        out.writeVInt(lMin);
        out.writeEnum(exitPolicy);
        out.writeOptionalDouble(calibrationTarget);
        out.writeEnum(ingestPolicy);
        out.writeEnum(queryPolicy);
        out.writeDouble(driftSampleRate);
        out.writeBoolean(autoRaiseTheta);
        tuning.writeTo(out);
        degrade.writeTo(out);
        out.writeVLong(version);
    }

    /**
     * The exit rule these settings give for this model. A request that brings its own theta gets the global rule at
     * that theta; otherwise the calibrated policy uses the thresholds stored in the model's descriptor, moved to the
     * calibration target when one is set.
     *
     * @throws IllegalArgumentException when k or l_min do not fit the model, or the calibrated policy is set and the
     *     model has no thresholds (or thresholds for another k, or no curves to move them to the calibration target)
     */
    public ExitPolicy policy(Double thetaOverride, ModelDescriptor model) {
        ExitPolicy global = new ExitPolicy(thetaOverride == null ? theta : thetaOverride, k, lMin).checkedFor(model.layers());
        if (exitPolicy == ExitPolicyType.GLOBAL || thetaOverride != null) {
            return global;
        }
        ExitPolicy calibrated = global.calibratedFor(model);
        return calibrationTarget == null ? calibrated : calibrated.withCalibration(calibrated.calibrated().atTarget(calibrationTarget));
    }

    /**
     * Checks these settings against the model they are for: the exit rule they give, and a calibration target even
     * while the global policy leaves it unused, so that switching to {@code calibrated} later cannot fail.
     *
     * @throws IllegalArgumentException as {@link #policy} does, or when a calibration target is set and the model's
     *     thresholds cannot be moved to it (their k is checked once they decide, under {@code calibrated})
     */
    public void checkFor(ModelDescriptor model) {
        policy(null, model);
        if (calibrationTarget != null) {
            if (model.exitThresholds() == null) {
                throw new IllegalArgumentException("[calibration_target] moves calibrated exit thresholds, and model [" + model.name()
                    + "] has none (leap calibrate stores them)");
            }
            model.exitThresholds().atTarget(calibrationTarget);
        }
    }

    /** What the controller moves under these settings: θ under the global policy, the calibration target under calibrated. */
    public TunedSetting tunedSetting() {
        return exitPolicy == ExitPolicyType.CALIBRATED ? TunedSetting.CALIBRATION_TARGET : TunedSetting.THETA;
    }

    /** The value of {@link #tunedSetting()} in force. */
    public double tunedValue() {
        return exitPolicy == ExitPolicyType.CALIBRATED ? calibrationTarget : theta;
    }

    /** The depth this path encodes at: a request that brings its own theta asked for early exit at that theta. */
    public EncodeDepth depth(EncodePath path, Double thetaOverride) {
        if (thetaOverride != null) {
            return EncodeDepth.EARLY_EXIT;
        }
        return path == EncodePath.INGEST ? ingestPolicy : queryPolicy;
    }

    /**
     * How an encode on this path runs: its depth ({@link #depth}), the exit rule ({@link #policy}), and the model's
     * passage prefix for ingest.
     */
    public EncodeOptions options(EncodePath path, Double thetaOverride, ModelDescriptor model) {
        ExitPolicy policy = policy(thetaOverride, model);
        EncodeOptions options = depth(path, thetaOverride) == EncodeDepth.FULL_DEPTH ? EncodeOptions.fullDepth(policy)
            : EncodeOptions.earlyExit(policy);
        return path == EncodePath.INGEST ? options.asPassage() : options;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().field("theta", theta).field("k", k).field("l_min", lMin).field("exit_policy", exitPolicy.toString())
            .field("calibration_target", calibrationTarget)
            .field("ingest_policy", ingestPolicy.toString()).field("query_policy", queryPolicy.toString());
        builder.startObject("drift").field("sample_rate", driftSampleRate).field("auto_raise_theta", autoRaiseTheta).endObject();
        builder.field("auto_tune", tuning.autoTune()).field("target_nn10", tuning.targetNn10());
        builder.field("degrade_min_nn10", degrade.minNn10()).field("degrade_ingest", degrade.ingest());
        return builder.field("version", version).endObject();
    }
}
