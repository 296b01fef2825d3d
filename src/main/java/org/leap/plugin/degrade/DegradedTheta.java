package org.leap.plugin.degrade;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

import org.leap.plugin.tuning.TuningRecord;
import org.leap.tuning.ScoreBound;
import org.leap.tuning.ThetaGrain;
import org.leap.tuning.TunedSetting;

/**
 * Which θ an encode degraded under load runs at: the cheapest θ below the one in force whose NN@10 lower bound, as
 * measured, meets the floor; none when no measured θ does. Only measurements count, never a curve: a θ the model has
 * not been measured at is not a candidate, however close to a measured one.
 *
 * <p>The evidence is the θ controller's persisted decisions on θ ({@link TuningRecord}; those on a calibration target
 * measure another rule and do not count): each holds the θ its window was measured at and the 95% lower bound ({@link
 * ScoreBound}) of that window's NN@10 of live queries against full depth (the system's, on the shadow index, or the
 * query side's: {@link TuningRecord#measure()}), which is the quantity the floor is about, kept in cluster state (so
 * on every node, and over restarts). The drift monitor's windows measure only the θ in force, which is never below
 * itself, and the models' offline layer tables measure STS or a fixed corpus rather than this cluster's queries and
 * documents. Of several measurements of one θ (one {@link ThetaGrain grain}) the newest counts: the queries and
 * documents change, and the newest says most about now.
 *
 * <p>Cheapest means lowest: for the same text, a lower θ exits at the same layer or an earlier one (the exit test
 * {@code cos >= θ} passes no later), so the lowest θ that meets the floor runs the fewest layers.
 */
public final class DegradedTheta {
    private DegradedTheta() {}

    /**
     * @param inForce θ the encode would run at without degrading (1 for one at full depth: no θ exits later)
     * @param floor the lowest NN@10 lower bound allowed
     * @param evidence the controller's decisions, oldest first
     * @return the θ to degrade to, or empty when none below {@code inForce} has a measured bound meeting the floor
     */
    public static OptionalDouble choose(double inForce, double floor, List<TuningRecord> evidence) {
        Map<Long, TuningRecord> newest = new TreeMap<>();
        for (TuningRecord r : evidence) {
            if (r.setting() == TunedSetting.THETA && r.samples() > 0 && Double.isNaN(r.lowerBound()) == false) {
                newest.merge(ThetaGrain.key(r.oldValue()), r, (a, b) -> b.timeMillis() >= a.timeMillis() ? b : a);
            }
        }
        long ceiling = ThetaGrain.key(inForce);
        for (Map.Entry<Long, TuningRecord> e : newest.entrySet()) {
            if (e.getKey() < ceiling && e.getValue().lowerBound() >= floor) {
                return OptionalDouble.of(ThetaGrain.theta(e.getKey()));
            }
        }
        return OptionalDouble.empty();
    }
}
