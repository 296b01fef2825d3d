package org.leap.plugin.drift;

import org.opensearch.test.OpenSearchTestCase;

/** The alarm fires on a fail share above its bound, and only over enough samples. */
public class DriftAlarmTests extends OpenSearchTestCase {
    private static WindowStats window(int samples, double failShare) {
        return new WindowStats(1, samples, 0.5, 0.25, failShare, 0.9, new long[12], 0, 0, new long[12], 0, 0, 0);
    }

    public void testFiresAboveTheFailShare() {
        DriftAlarm alarm = new DriftAlarm(0.2, 50);
        assertTrue(alarm.raised(window(50, 0.21)));
        assertFalse(alarm.raised(window(50, 0.2)));
        assertFalse(alarm.raised(window(1000, 0.0)));
    }

    public void testWaitsForTheMinimumNumberOfSamples() {
        DriftAlarm alarm = new DriftAlarm(0.2, 50);
        assertFalse(alarm.raised(window(49, 1.0)));
    }

    public void testFiresOnRealWindowFigures() {
        DriftWindow w = new DriftWindow(100, 12);
        DriftAlarm alarm = new DriftAlarm(0.2, 5);
        for (int i = 0; i < 4; i++) {
            w.addQuery(1, 1.0, 1.0, 12);
        }
        w.addQuery(1, 0.3, 0.8, 6);
        assertFalse("1 fail of 5 is a share of 0.2, not above it", alarm.raised(w.stats()));
        w.addQuery(1, 0.3, 0.8, 6);
        assertTrue("2 fails of 6", alarm.raised(w.stats()));
    }

    public void testRefusesBadBounds() {
        expectThrows(IllegalArgumentException.class, () -> new DriftAlarm(1.5, 10));
        expectThrows(IllegalArgumentException.class, () -> new DriftAlarm(0.2, 0));
    }
}
