package org.leap.plugin.shadow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.opensearch.test.OpenSearchTestCase;

/** A node's shadows: none for a model until a sample comes, one folder per model, deleted with the model. */
@LuceneTestCase.SuppressFileSystems("*")
public class ShadowsTests extends OpenSearchTestCase {
    public void testAskingAboutAModelWithoutSamplesCreatesNothing() {
        Path root = createTempDir().resolve("shadow");
        try (Shadows shadows = new Shadows(root, 100, System::currentTimeMillis)) {
            assertEquals(ShadowSummary.empty(0), shadows.summary("m"));
            assertFalse(Files.exists(root.resolve("m")));
        }
    }

    public void testOneFolderPerModelDeletedWithItsModel() {
        Path root = createTempDir().resolve("shadow");
        float[] v = { 0.6f, 0.8f };
        try (Shadows shadows = new Shadows(root, 100, System::currentTimeMillis)) {
            shadows.add("a", List.of("i/1/title"), List.of(v), List.of(v));
            shadows.add("b", Arrays.asList("i/1/title", null), List.of(v, v), List.of(v, v));
            assertEquals(1, shadows.summary("a").documents());
            assertEquals(2, shadows.summary("b").documents());
            shadows.delete("a");
            assertFalse(Files.exists(root.resolve("a")));
            assertEquals(ShadowSummary.empty(0), shadows.summary("a"));
            assertEquals(2, shadows.summary("b").documents());
        }
        try (Shadows reopened = new Shadows(root, 100, System::currentTimeMillis)) {
            assertEquals("a node restart reads the shadow on disk", 2, reopened.summary("b").documents());
            reopened.delete("b");
            assertFalse("deleted without being opened", Files.exists(root.resolve("b")));
        }
    }

    public void testRefusesAModelIdThatIsNoFolderName() {
        try (Shadows shadows = new Shadows(createTempDir(), 100, System::currentTimeMillis)) {
            expectThrows(IllegalArgumentException.class, () -> shadows.summary(".."));
        }
    }
}
