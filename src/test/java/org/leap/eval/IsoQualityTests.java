package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class IsoQualityTests {
    @Test
    void testPicksTheLargestReductionAtTheReferencesQuality() {
        List<IsoQuality.Point> points = List.of(new IsoQuality.Point("full_depth", 0.750, 1.0), new IsoQuality.Point("theta=0.97",
            0.745, 1.2), new IsoQuality.Point("theta=0.95", 0.7425, 1.5), new IsoQuality.Point("theta=0.90", 0.70, 2.0));
        assertEquals("theta=0.95", IsoQuality.best(0.75, points).orElseThrow().setting(), "0.7425 is exactly 0.99 of 0.75");
        assertEquals("theta=0.97", IsoQuality.best(0.7510, points).orElseThrow().setting());
    }

    @Test
    void testNoneWhenEveryPointRanksBelowTheShare() {
        assertTrue(IsoQuality.best(0.80, List.of(new IsoQuality.Point("full_depth", 0.75, 1.0))).isEmpty());
    }

    @Test
    void testTiesGoToTheBetterRanking() {
        assertEquals("b", IsoQuality.best(0.5, List.of(new IsoQuality.Point("a", 0.6, 1.3), new IsoQuality.Point("b", 0.7, 1.3)))
            .orElseThrow().setting());
    }
}
