package org.leap.plugin.shadow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.IOUtils;
import org.opensearch.test.OpenSearchTestCase;

/**
 * A model's shadow on a real Lucene index in a temporary folder of the real file system (as on a node): the reservoir's
 * bound and odds, NN@10 of the two systems, a reopen, and a folder deleted by hand.
 */
@LuceneTestCase.SuppressFileSystems("*")
public class ShadowIndexTests extends OpenSearchTestCase {
    private static final int DIMS = 16;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private ShadowIndex open(Path dir, int maxDocs) {
        return new ShadowIndex(dir, maxDocs, new Random(random().nextLong()), clock::incrementAndGet);
    }

    private float[] unitVector() {
        float[] v = new float[DIMS];
        double norm = 0;
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random().nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMS; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private List<float[]> vectors(int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(unitVector());
        }
        return out;
    }

    public void testHoldsAtMostMaxDocsAndKeepsTakingNewOnes() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 20)) {
            for (int i = 0; i < 200; i++) {
                List<float[]> v = vectors(1);
                assertTrue(shadow.add(v, v));
            }
            ShadowSummary s = shadow.summary();
            assertEquals(20, s.documents());
            assertEquals(0, s.errors());
            assertTrue("later documents replaced earlier ones: " + s, s.newestAddedMillis() > 1_700_000_000_020L);
            assertTrue(s.toString(), s.oldestAddedMillis() < s.newestAddedMillis());
        }
    }

    public void testReservoirKeepsEveryDocumentWithTheSameChance() {
        Random random = new Random(random().nextLong());
        int maxDocs = 10;
        int stream = 100;
        int trials = 2000;
        long keptFromFirstHalf = 0;
        for (int t = 0; t < trials; t++) {
            int[] slots = new int[maxDocs];
            for (int n = 0; n < stream; n++) {
                int slot = ShadowIndex.slot(n, maxDocs, random);
                if (slot >= 0) {
                    slots[slot] = n;
                }
            }
            for (int item : slots) {
                keptFromFirstHalf += item < stream / 2 ? 1 : 0;
            }
        }
        // half the sample on average; the mean's standard deviation is about 0.034 here
        assertEquals(maxDocs / 2.0, keptFromFirstHalf / (double) trials, 0.25);
    }

    public void testIdenticalVectorsGiveNn10OfOne() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 200)) {
            List<float[]> docs = vectors(120);
            assertTrue(shadow.add(docs, docs));
            for (int q = 0; q < 5; q++) {
                float[] query = unitVector();
                assertEquals(OptionalDouble.of(1.0), shadow.overlap(query, query, 10));
            }
        }
    }

    public void testScrambledVectorsGiveNn10BelowOne() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 200)) {
            assertTrue(shadow.add(vectors(120), vectors(120)));
            double sum = 0;
            for (int q = 0; q < 5; q++) {
                float[] query = unitVector();
                OptionalDouble nn10 = shadow.overlap(query, query, 10);
                assertTrue(nn10.isPresent());
                sum += nn10.getAsDouble();
            }
            // unrelated vectors share 10 of 120 documents by chance: about 1/12 on average
            assertTrue("mean NN@10 " + sum / 5, sum / 5 < 1.0);
        }
    }

    public void testFewerThanTenDocumentsPerNeighbourAreNotMeasured() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 200)) {
            List<float[]> docs = vectors(99);
            assertTrue(shadow.add(docs, docs));
            float[] query = unitVector();
            assertEquals(OptionalDouble.empty(), shadow.overlap(query, query, 10));
            assertEquals(0, shadow.summary().errors());
            List<float[]> hundredth = vectors(1);
            assertTrue(shadow.add(hundredth, hundredth));
            assertEquals(OptionalDouble.of(1.0), shadow.overlap(query, query, 10));
        }
    }

    public void testReopenAfterCloseKeepsTheDocuments() {
        Path dir = createTempDir().resolve("m");
        ShadowSummary before;
        try (ShadowIndex shadow = open(dir, 100)) {
            List<float[]> docs = vectors(135);
            assertTrue(shadow.add(docs, docs));
            before = shadow.summary();
        }
        try (ShadowIndex shadow = open(dir, 100)) {
            assertEquals(before, shadow.summary());
            assertEquals(100, before.documents());
            float[] query = unitVector();
            assertEquals(OptionalDouble.of(1.0), shadow.overlap(query, query, 10));
        }
    }

    public void testAFolderDeletedWhileOpenIsCreatedAgainEmptyAndRefilled() throws IOException {
        Path dir = createTempDir().resolve("m");
        try (ShadowIndex shadow = open(dir, 200)) {
            List<float[]> docs = vectors(15);
            assertTrue(shadow.add(docs, docs));
            assertEquals(15, shadow.summary().documents());
            IOUtils.rm(dir);
            ShadowSummary gone = shadow.summary();
            assertEquals(0, gone.documents());
            assertEquals("the missing folder is counted", 1, gone.errors());
            assertTrue(Files.isDirectory(dir));
            float[] query = unitVector();
            assertEquals(OptionalDouble.empty(), shadow.overlap(query, query, 10));
            docs = vectors(112);
            assertTrue(shadow.add(docs, docs));
            assertEquals(112, shadow.summary().documents());
            assertEquals(OptionalDouble.of(1.0), shadow.overlap(query, query, 10));
            assertEquals(1, shadow.summary().errors());
        }
        try (ShadowIndex shadow = open(dir, 200)) {
            assertEquals("the new folder was committed on close", 112, shadow.summary().documents());
        }
    }

    public void testAFolderDeletedBeforeStartIsCreatedEmpty() throws IOException {
        Path dir = createTempDir().resolve("m");
        try (ShadowIndex shadow = open(dir, 100)) {
            List<float[]> docs = vectors(11);
            assertTrue(shadow.add(docs, docs));
        }
        IOUtils.rm(dir);
        try (ShadowIndex shadow = open(dir, 100)) {
            assertEquals(ShadowSummary.empty(0), shadow.summary());
            assertTrue(Files.isDirectory(dir));
        }
    }

    public void testDeleteRemovesTheFolderAndLaterCallsDoNothing() throws IOException {
        Path dir = createTempDir().resolve("m");
        ShadowIndex shadow = open(dir, 100);
        List<float[]> docs = vectors(11);
        assertTrue(shadow.add(docs, docs));
        shadow.delete();
        assertFalse(Files.exists(dir));
        assertFalse(shadow.add(docs, docs));
        assertFalse(Files.exists(dir));
    }

    public void testRefusesMismatchedVectorLists() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 100)) {
            expectThrows(IllegalArgumentException.class, () -> shadow.add(vectors(2), vectors(1)));
        }
    }
}
