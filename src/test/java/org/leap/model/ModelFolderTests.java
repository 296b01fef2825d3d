package org.leap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ExitThresholds thresholds = new ExitThresholds(0.95, 1, Map.of(7, 0.962, 6, 0.981), "held-out.txt (3000 sentences)");
        ModelFolder.writeDescriptor(dir.resolve("trained"), trained(null).withExitThresholds(thresholds));

        ModelDescriptor back = new ModelCatalog(getClass().getClassLoader(), dir).descriptor("trained");
        assertEquals(thresholds, back.exitThresholds());
        assertEquals(0.981, back.exitThresholds().thetaAt(6));
        assertTrue(Double.isNaN(back.exitThresholds().thetaAt(8)), "a layer without a threshold never exits");
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
