package org.leap.plugin.drift;

import java.io.IOException;
import java.util.List;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.test.OpenSearchTestCase;

/** The rolling window's figures: means, the NN@10 fail share, histograms, the ring's eviction and the version rule. */
public class DriftWindowTests extends OpenSearchTestCase {
    public void testEmptyWindowHasNoSamples() {
        WindowStats s = new DriftWindow(10, 12).stats();
        assertEquals(0, s.querySamples());
        assertEquals(0, s.documentSamples());
        assertEquals(-1, s.settingsVersion());
        assertEquals(0, s.nn10FailShare(), 0);
    }

    public void testMeansFailShareAndHistograms() {
        DriftWindow w = new DriftWindow(10, 12);
        w.addQuery(3, 1.0, 0.99, 12);
        w.addQuery(3, 0.4, 0.90, 6);
        w.addQuery(3, 0.5, 0.95, 6);
        w.addQuery(3, 0.2, 0.80, 7);
        w.addDocument(3, 0.97, 6);
        w.addDocument(3, 0.93, 12);
        w.addSystem(3, 0.8);
        w.addSystem(3, 0.6);
        WindowStats s = w.stats();
        assertEquals(3, s.settingsVersion());
        assertEquals(4, s.querySamples());
        assertEquals((1.0 + 0.4 + 0.5 + 0.2) / 4, s.nn10Mean(), 1e-12);
        // 0.5 is not a fail: the paper's fail is NN@10 strictly below 0.5
        assertEquals(0.5, s.nn10FailShare(), 1e-12);
        assertEquals((0.99 + 0.90 + 0.95 + 0.80) / 4, s.queryCosineMean(), 1e-12);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 1}, s.queryExitLayers());
        assertEquals(2, s.documentSamples());
        assertEquals(0.95, s.documentCosineMean(), 1e-12);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, s.documentExitLayers());
        assertEquals(2, s.systemSamples());
        assertEquals(0.7, s.systemNn10Mean(), 1e-12);
        assertEquals((1.0 + 0.16 + 0.25 + 0.04) / 4, s.nn10SquareMean(), 1e-12);
        assertEquals((0.64 + 0.36) / 2, s.systemNn10SquareMean(), 1e-12);
    }

    /** Two nodes' windows combine into the figures one window of all their samples has, spread included, and cross the wire. */
    public void testSpreadCombinesAsOneWindowOfAllSamples() throws IOException {
        DriftWindow a = new DriftWindow(10, 12);
        DriftWindow b = new DriftWindow(10, 12);
        DriftWindow all = new DriftWindow(10, 12);
        double[] nn10 = { 1.0, 0.5, 0.2 };
        for (int i = 0; i < nn10.length; i++) {
            (i == 0 ? a : b).addQuery(4, nn10[i], 0.9, 7);
            (i == 0 ? a : b).addSystem(4, nn10[i]);
            all.addQuery(4, nn10[i], 0.9, 7);
            all.addSystem(4, nn10[i]);
        }
        WindowStats combined = WindowStats.combine(List.of(a.stats(), b.stats()), 12);
        assertEquals(all.stats().nn10SquareMean(), combined.nn10SquareMean(), 1e-12);
        assertEquals(all.stats().systemNn10SquareMean(), combined.systemNn10SquareMean(), 1e-12);
        BytesStreamOutput out = new BytesStreamOutput();
        combined.writeTo(out);
        WindowStats read = WindowStats.readFrom(out.bytes().streamInput());
        assertEquals(combined.nn10SquareMean(), read.nn10SquareMean(), 0);
        assertEquals(combined.systemNn10SquareMean(), read.systemNn10SquareMean(), 0);
        assertEquals(combined.systemNn10Mean(), read.systemNn10Mean(), 0);
    }

    public void testKeepsOnlyTheMostRecentSamples() {
        DriftWindow w = new DriftWindow(3, 12);
        w.addQuery(1, 0.0, 0.5, 6);
        w.addQuery(1, 0.0, 0.5, 6);
        for (int i = 0; i < 3; i++) {
            w.addQuery(1, 1.0, 1.0, 12);
        }
        WindowStats s = w.stats();
        assertEquals(3, s.querySamples());
        assertEquals(1.0, s.nn10Mean(), 0);
        assertEquals(0, s.nn10FailShare(), 0);
        assertEquals(3, s.queryExitLayers()[11]);
        assertEquals(0, s.queryExitLayers()[5]);
    }

    public void testNewerSettingsEmptyTheWindowAndOlderSamplesAreRefused() {
        DriftWindow w = new DriftWindow(10, 12);
        w.addQuery(1, 0.1, 0.6, 6);
        w.addDocument(1, 0.7, 6);
        w.addSystem(1, 0.2);
        assertTrue(w.addQuery(2, 1.0, 1.0, 12));
        WindowStats s = w.stats();
        assertEquals(2, s.settingsVersion());
        assertEquals(1, s.querySamples());
        assertEquals(0, s.documentSamples());
        assertEquals(0, s.systemSamples());
        assertFalse(w.addQuery(1, 0.0, 0.5, 6));
        assertFalse(w.addDocument(1, 0.5, 6));
        assertFalse(w.addSystem(1, 0.5));
        assertEquals(1, w.stats().querySamples());
    }

    public void testAdvancingToNewerSettingsEmptiesTheWindow() {
        DriftWindow w = new DriftWindow(10, 12);
        w.addQuery(1, 0.1, 0.6, 6);
        w.advance(1);
        assertEquals("the same version keeps the samples", 1, w.stats().querySamples());
        w.advance(2);
        assertEquals(0, w.stats().querySamples());
        assertEquals(2, w.stats().settingsVersion());
        assertFalse(w.addQuery(1, 0.1, 0.6, 6));
    }

    public void testRefusesExitLayerOutsideTheModel() {
        DriftWindow w = new DriftWindow(10, 12);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> w.addQuery(1, 1.0, 1.0, 13));
        assertEquals("exit layer 13 is outside [1, 12]", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> w.addDocument(1, 1.0, 0));
    }

    public void testMeanExitLayerOfTheQueries() {
        DriftWindow w = new DriftWindow(10, 12);
        assertEquals(0, w.stats().queryMeanExitLayer(), 0);
        w.addQuery(1, 1.0, 1.0, 6);
        w.addQuery(1, 1.0, 1.0, 6);
        w.addQuery(1, 1.0, 1.0, 12);
        w.addDocument(1, 1.0, 1);
        assertEquals("documents do not count", 8.0, w.stats().queryMeanExitLayer(), 1e-12);
    }

    public void testDegradedQueriesHaveTheirOwnTallyOutOfTheAlarmsWindow() {
        DriftWindow w = new DriftWindow(100, 12);
        DriftAlarm alarm = new DriftAlarm(0.2, 5);
        for (int i = 0; i < 5; i++) {
            w.addQuery(2, 0.9, 0.98, 8);
        }
        w.addSystem(2, 0.8);
        w.addDegradedQuery(2, 0.1, 0.85);
        w.addDegradedQuery(2, 0.1, 0.8);
        w.addDegradedQuery(2, 0.4, 0.9);
        w.addDegradedSystem(2, 0.3);
        WindowStats s = w.stats();
        assertEquals(5, s.querySamples());
        assertEquals(0.9, s.nn10Mean(), 1e-12);
        assertEquals(0, s.nn10FailShare(), 0);
        assertEquals(1, s.systemSamples());
        assertEquals(0.8, s.systemNn10Mean(), 1e-12);
        assertFalse("three degraded fails of eight samples would be above 0.2", alarm.raised(s));
        DegradedStats d = w.degraded();
        assertEquals(3, d.samples());
        assertEquals(0.2, d.nn10Mean(), 1e-12);
        assertEquals(1, d.systemSamples());
        assertEquals(0.3, d.systemNn10Mean(), 1e-12);
        assertEquals(0.8, d.thetaMin(), 0);
        assertEquals(0.9, d.thetaMax(), 0);
    }

    public void testDegradedTallyFollowsTheVersionRule() {
        DriftWindow w = new DriftWindow(10, 12);
        assertEquals(new DegradedStats(0, 0, 0, 0, 0, 0), w.degraded());
        w.addDegradedQuery(1, 0.7, 0.9);
        w.addDegradedSystem(1, 0.6);
        w.advance(2);
        assertEquals(new DegradedStats(0, 0, 0, 0, 0, 0), w.degraded());
        assertFalse(w.addDegradedQuery(1, 0.7, 0.9));
        assertFalse(w.addDegradedSystem(1, 0.6));
        assertTrue(w.addDegradedQuery(2, 0.7, 0.9));
        assertEquals(1, w.degraded().samples());
    }
}
