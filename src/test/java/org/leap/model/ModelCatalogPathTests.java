package org.leap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names from descriptors and model ids never lead the catalog out of a model's folder. */
class ModelCatalogPathTests {
    @TempDir
    Path dir;

    @Test
    void testAFileNamedOutsideItsModelFolderIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("trained"));
        Files.writeString(dir.resolve("secret.txt"), "not a tokenizer");
        ModelDescriptor escaping = new ModelDescriptor("trained", null, new ModelDescriptor.Source(null, null, null, "weights.fp16", null,
            "../secret.txt", null), 12, 384, 12, 512, "mean", "mean", "", "", null);
        ModelFolder.writeDescriptor(dir.resolve("trained"), escaping);
        ModelCatalog catalog = new ModelCatalog(getClass().getClassLoader(), dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.tokenizer(catalog.descriptor("trained")));
        assertTrue(e.getMessage().contains("outside its folder: [../secret.txt]"), e.getMessage());
    }

    @Test
    void testAModelIdLeadingOutOfTheModelsFolderIsRefused() {
        ModelCatalog catalog = new ModelCatalog(getClass().getClassLoader(), dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.descriptor("../elsewhere"));
        assertTrue(e.getMessage().contains("outside its folder"), e.getMessage());
    }

    @Test
    void testInsideKeepsPlainNames() {
        assertEquals(dir.toAbsolutePath().normalize().resolve("a").resolve("b.json"), ModelCatalog.inside(dir.resolve("a"), "b.json", "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelCatalog.inside(dir, "/etc/passwd", "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelCatalog.inside(dir, ".", "x"));
    }
}
