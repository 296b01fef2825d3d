package org.leap.plugin.drift;

import java.util.List;

import org.opensearch.test.OpenSearchTestCase;

/** NN@10 of two hit lists, as the monitor computes it from the ids of its two k-NN searches. */
public class DriftMonitorTests extends OpenSearchTestCase {
    public void testOverlapOfTwoTopTenLists() {
        List<String> a = List.of("i/1", "i/2", "i/3", "i/4", "i/5", "i/6", "i/7", "i/8", "i/9", "i/10");
        List<String> b = List.of("i/10", "i/9", "i/8", "i/7", "i/11", "i/12", "i/13", "i/14", "i/15", "i/16");
        assertEquals(0.4, DriftMonitor.overlap(a, b), 1e-12);
        assertEquals(1.0, DriftMonitor.overlap(a, List.copyOf(a).reversed()), 0);
    }

    public void testSameIdInAnotherIndexIsAnotherHit() {
        assertEquals(0.0, DriftMonitor.overlap(List.of("a/1"), List.of("b/1")), 0);
    }

    public void testFewerHitsThanTenAreMeasuredOverTheLongerList() {
        assertEquals(0.5, DriftMonitor.overlap(List.of("i/1", "i/2"), List.of("i/1")), 0);
    }
}
