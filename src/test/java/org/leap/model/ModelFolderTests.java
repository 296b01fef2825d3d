package org.leap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTests {
    @TempDir
    Path dir;

    private static ModelDescriptor trained(ExitThresholds thresholds) {
        return new ModelDescriptor("trained", null, new ModelDescriptor.Source(null, null, null, "weights.fp16", null, "tokenizer.json",
            null), 12, 384, 12, 512, "mean", "mean", "", "", thresholds);
    }

    @Test
    void testCalibratedThresholdsAreStoredWithTheModelAndReadBackByName() throws IOException {
        Files.createDirectories(dir.resolve("trained"));
        Map<Integer, ExitCurve> curves = Map.of(6, new ExitCurve(List.of(new ExitCurve.Point(0.97, 0.93), new ExitCurve.Point(0.981,
            0.951))), 7, new ExitCurve(List.of(new ExitCurve.Point(0.962, 0.96))));
        ExitThresholds thresholds = ExitThresholds.fromCurves(0.95, 1, curves, "held-out.txt (3000 sentences)");
        ModelFolder.writeDescriptor(dir.resolve("trained"), trained(null).withExitThresholds(thresholds));

        ModelDescriptor back = new ModelCatalog(getClass().getClassLoader(), dir).descriptor("trained");
        assertEquals(thresholds, back.exitThresholds());
        assertEquals(0.981, back.exitThresholds().thetaAt(6));
        assertTrue(Double.isNaN(back.exitThresholds().thetaAt(8)), "a layer without a threshold never exits");
        assertEquals(Map.of(6, 0.97, 7, 0.962), back.exitThresholds().atTarget(0.93).thetas(), "the curves are read back");
        try (var files = Files.list(dir.resolve("trained"))) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void testRefusesUnknownKeyInStoredThresholds() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("trained"));
        ModelFolder.writeDescriptor(folder, trained(new ExitThresholds(0.95, 1, Map.of(6, 0.98), null)));
        Path file = folder.resolve(ModelFolder.DESCRIPTOR_FILE);
        Files.writeString(file, Files.readString(file).replace("\"target\"", "\"tagret\" : 1, \"target\""));
        ModelCatalog catalog = new ModelCatalog(getClass().getClassLoader(), dir);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> catalog.descriptor("trained"));
        assertTrue(e.getCause().getMessage().contains("tagret"), e.getCause().getMessage());
    }
}
