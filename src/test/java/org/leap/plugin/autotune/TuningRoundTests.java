package org.leap.plugin.autotune;

import java.util.List;

import org.leap.plugin.drift.DriftReport;
import org.leap.plugin.drift.DriftWindow;
import org.leap.plugin.shadow.ShadowSummary;
import org.leap.plugin.tuning.TuningRecord;
import org.leap.tuning.TuningWindow;
import org.opensearch.test.OpenSearchTestCase;

/** The controller's evidence is the merged report's window of the model's θ: queries degraded under load are not in it. */
public class TuningRoundTests extends OpenSearchTestCase {
    private static DriftReport report(DriftWindow w, long querySamplesTaken) {
        return new DriftReport("m", 1.0, false, 100, w.stats(), false, querySamplesTaken, 0, 0, 0, 0, 0, List.of(), ShadowSummary.empty(
            0), 0, w.degraded());
    }

    private static DriftWindow measured() {
        DriftWindow w = new DriftWindow(100, 12);
        for (int i = 0; i < 20; i++) {
            w.addQuery(5, 0.9, 0.98, 7);
            w.addSystem(5, 0.8);
        }
        return w;
    }

    /** Each measure brings its own spread to the bound: the system's 0.8 everywhere has none, the queries' 0.9/1.0 some. */
    public void testEachMeasureCarriesItsOwnSpread() {
        DriftWindow w = new DriftWindow(100, 12);
        for (int i = 0; i < 40; i++) {
            w.addQuery(5, i % 2 == 0 ? 0.9 : 1.0, 0.98, 7);
            w.addSystem(5, 0.8);
        }
        TuningWindow query = TuningRound.evidence(w.stats(), TuningRecord.Measure.QUERY, 0.9, 100);
        TuningWindow system = TuningRound.evidence(w.stats(), TuningRecord.Measure.SYSTEM, 0.9, 100);
        assertEquals(0.95, query.meanNn10(), 1e-12);
        assertEquals((0.81 + 1.0) / 2, query.meanSquareNn10(), 1e-12);
        assertEquals(0.64, system.meanSquareNn10(), 1e-12);
        assertEquals(100, system.capacity());
        assertTrue("a bigger window could tighten the bound", system.lowerBoundWhenFull() > system.lowerBound());
    }

    public void testDegradedSamplesChangeNeitherMeasure() {
        DriftWindow withDegraded = measured();
        for (int i = 0; i < 30; i++) {
            assertTrue(withDegraded.addDegradedQuery(5, 0.1, 0.8));
            assertTrue(withDegraded.addDegradedSystem(5, 0.1));
        }
        DriftReport loaded = DriftReport.merge(List.of(report(withDegraded, 20), report(measured(), 20)), 12);
        assertEquals("the degraded tally is there", 30, loaded.degraded().samples());
        for (TuningRecord.Measure measure : TuningRecord.Measure.values()) {
            assertEquals(measure.name(), TuningRound.evidence(DriftReport.merge(List.of(report(measured(), 20), report(measured(), 20)),
                12).window(), measure, 0.9, 100), TuningRound.evidence(loaded.window(), measure, 0.9, 100));
        }
    }
}
