package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart places each θ's point by its layer reduction and NDCG@10, on both curves. */
class ParetoChartTests {
    @TempDir
    Path dir;

    @Test
    void testPointsSitAtTheirReductionAndNdcg() throws IOException {
        Map<String, Object> row = Map.of("theta", 0.95, "ndcg@10", 0.4, "document_layer_reduction", 1.0,
            "query_exit", Map.of("ndcg@10", 0.8, "query_layer_reduction", 1.5));
        Path file = dir.resolve("pareto.svg");
        ParetoChart.write(file, "m", "scifact (train)", 0.8, List.of(row));
        String svg = Files.readString(file);
        // y axis 0..0.9 (full depth 0.8 rounded up), plot height 400 - 2 * 56 = 288: 0.8 -> 344 - 256 = 88.0
        assertTrue(svg.contains("<circle cx='320.0' cy='88.0'"), "queries exit: 1.5x, 0.8\n" + svg);
        // 0.4 -> 344 - 128 = 216.0, 1.0x -> 56.0
        assertTrue(svg.contains("<circle cx='56.0' cy='216.0'"), "both exit: 1.0x, 0.4\n" + svg);
        assertTrue(svg.contains(">0.95</text>"), "points carry their θ");
    }
}
