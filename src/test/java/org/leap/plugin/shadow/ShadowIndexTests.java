package org.leap.plugin.shadow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.tests.util.LuceneTestCase;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.opensearch.test.OpenSearchTestCase;

/**
 * A model's shadow on a real Lucene index in a temporary folder of the real file system (as on a node): the reservoir's
 * bound and odds, documents replaced by key, NN@10 of the two systems, a reopen, and a folder deleted by hand.
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

    /** One null key per document: documents without an id. */
    private static List<String> keyless(List<float[]> docs) {
        return Collections.nCopies(docs.size(), null);
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "docs/" + i + "/title").toList();
    }

    /** What a closed shadow holds on disk: each key with its document's early-exit and full-depth vector. */
    private record Held(Map<String, float[]> early, Map<String, float[]> full, int documents, long offered) {}

    private static Held held(Path dir) throws IOException {
        try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, float[]> early = new HashMap<>();
            Map<String, float[]> full = new HashMap<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                Terms terms = leaf.reader().terms(ShadowIndex.KEY);
                if (terms == null) {
                    continue;
                }
                TermsEnum termsEnum = terms.iterator();
                for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
                    PostingsEnum postings = termsEnum.postings(null, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (leaf.reader().getLiveDocs() == null || leaf.reader().getLiveDocs().get(doc)) {
                            String key = term.utf8ToString();
                            assertNull("key [" + key + "] held twice", early.put(key, vector(leaf, ShadowIndex.EARLY, doc)));
                            full.put(key, vector(leaf, ShadowIndex.FULL, doc));
                        }
                    }
                }
            }
            long offered = Long.parseLong(SegmentInfos.readLatestCommit(directory).getUserData().get(ShadowIndex.OFFERED));
            return new Held(early, full, reader.numDocs(), offered);
        }
    }

    private static float[] vector(LeafReaderContext leaf, String field, int doc) throws IOException {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
        KnnVectorValues.DocIndexIterator it = values.iterator();
        assertEquals(doc, it.advance(doc));
        return values.vectorValue(it.index()).clone();
    }

    public void testTheSameKeyAddedAgainHoldsOneDocumentWithTheNewerVectors() throws IOException {
        Path dir = createTempDir().resolve("m");
        List<float[]> newEarly = vectors(50);
        List<float[]> newFull = vectors(50);
        try (ShadowIndex shadow = open(dir, 200)) {
            List<float[]> old = vectors(50);
            assertTrue(shadow.add(keys(0, 50), old, old));
            assertTrue(shadow.add(keys(0, 50), newEarly, newFull));
            assertEquals(50, shadow.summary().documents());
        }
        Held held = held(dir);
        assertEquals(50, held.documents());
        assertEquals("a document ingested again is not offered again", 50, held.offered());
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(newEarly.get(i), held.early().get("docs/" + i + "/title"), 0f);
            assertArrayEquals(newFull.get(i), held.full().get("docs/" + i + "/title"), 0f);
        }
    }

    public void testTheSameKeyTwiceInOneCallKeepsTheLaterOne() throws IOException {
        Path dir = createTempDir().resolve("m");
        List<float[]> docs = vectors(3);
        try (ShadowIndex shadow = open(dir, 200)) {
            assertTrue(shadow.add(List.of("docs/1/title", "docs/2/title", "docs/1/title"), docs, docs));
        }
        Held held = held(dir);
        assertEquals(2, held.documents());
        assertEquals(2, held.offered());
        assertArrayEquals(docs.get(2), held.early().get("docs/1/title"), 0f);
    }

    public void testDifferentKeysFillTheReservoirAndAKeyItDroppedIsOfferedAgain() throws IOException {
        Path dir = createTempDir().resolve("m");
        try (ShadowIndex shadow = open(dir, 20)) {
            for (int i = 0; i < 200; i++) {
                List<float[]> v = vectors(1);
                assertTrue(shadow.add(keys(i, i + 1), v, v));
            }
            assertEquals(20, shadow.summary().documents());
        }
        Held filled = held(dir);
        assertEquals(20, filled.documents());
        assertEquals(200, filled.offered());
        assertEquals("every document held has its key, each once", 20, filled.early().size());
        List<String> kept = List.copyOf(filled.early().keySet());
        String dropped = keys(0, 200).stream().filter(k -> kept.contains(k) == false).findFirst().orElseThrow();
        try (ShadowIndex shadow = open(dir, 20)) {
            List<float[]> again = vectors(20);
            assertTrue(shadow.add(kept, again, again));
            List<float[]> v = vectors(1);
            assertTrue(shadow.add(List.of(dropped), v, v));
        }
        Held after = held(dir);
        assertEquals(20, after.documents());
        assertEquals("the 20 held replaced their copies; the dropped one was offered anew", 201, after.offered());
    }

    public void testKeylessDocumentsAreNewEachTime() throws IOException {
        Path dir = createTempDir().resolve("m");
        List<float[]> docs = vectors(30);
        try (ShadowIndex shadow = open(dir, 200)) {
            assertTrue(shadow.add(keyless(docs), docs, docs));
            assertTrue(shadow.add(keyless(docs), docs, docs));
            assertEquals(60, shadow.summary().documents());
        }
        Held held = held(dir);
        assertEquals(60, held.offered());
        assertEquals(Map.of(), held.early());
    }

    public void testAKeylessDocumentTakingAKeyedSlotForgetsTheKey() throws IOException {
        Path dir = createTempDir().resolve("m");
        int keyless = 0;
        // a fixed seed: how many offers the slot takes to change hands is random, and unbounded
        try (ShadowIndex shadow = new ShadowIndex(dir, 1, new Random(42), clock::incrementAndGet)) {
            List<float[]> v = vectors(1);
            assertTrue(shadow.add(keys(0, 1), v, v));
            long keyedAdded = shadow.summary().newestAddedMillis();
            // with one slot, the n-th document offered takes it with chance 1 / n: offer until one has
            while (shadow.summary().newestAddedMillis() == keyedAdded) {
                assertTrue("no keyless document took the slot in 10,000 offers", keyless < 10_000);
                assertTrue(shadow.add(keyless(v), v, v));
                keyless++;
            }
            assertTrue(shadow.add(keys(0, 1), v, v));
            assertEquals(1, shadow.summary().documents());
        }
        assertEquals("the key left with its document, so it is offered anew", 1 + keyless + 1, held(dir).offered());
    }

    public void testReopenedIndexKnowsItsKeys() throws IOException {
        Path dir = createTempDir().resolve("m");
        List<float[]> newer = vectors(30);
        try (ShadowIndex shadow = open(dir, 200)) {
            List<float[]> old = vectors(30);
            assertTrue(shadow.add(keys(0, 30), old, old));
        }
        try (ShadowIndex shadow = open(dir, 200)) {
            assertTrue(shadow.add(keys(0, 30), newer, newer));
            assertEquals(30, shadow.summary().documents());
        }
        Held held = held(dir);
        assertEquals(30, held.offered());
        assertArrayEquals(newer.get(7), held.early().get("docs/7/title"), 0f);
    }

    public void testHoldsAtMostMaxDocsAndKeepsTakingNewOnes() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 20)) {
            for (int i = 0; i < 200; i++) {
                List<float[]> v = vectors(1);
                assertTrue(shadow.add(keyless(v), v, v));
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
            assertTrue(shadow.add(keyless(docs), docs, docs));
            for (int q = 0; q < 5; q++) {
                float[] query = unitVector();
                assertEquals(OptionalDouble.of(1.0), shadow.overlap(query, query, 10));
            }
        }
    }

    public void testScrambledVectorsGiveNn10BelowOne() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 200)) {
            assertTrue(shadow.add(keyless(vectors(120)), vectors(120), vectors(120)));
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
            assertTrue(shadow.add(keyless(docs), docs, docs));
            float[] query = unitVector();
            assertEquals(OptionalDouble.empty(), shadow.overlap(query, query, 10));
            assertEquals(0, shadow.summary().errors());
            List<float[]> hundredth = vectors(1);
            assertTrue(shadow.add(keyless(hundredth), hundredth, hundredth));
            assertEquals(OptionalDouble.of(1.0), shadow.overlap(query, query, 10));
        }
    }

    public void testReopenAfterCloseKeepsTheDocuments() {
        Path dir = createTempDir().resolve("m");
        ShadowSummary before;
        try (ShadowIndex shadow = open(dir, 100)) {
            List<float[]> docs = vectors(135);
            assertTrue(shadow.add(keyless(docs), docs, docs));
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
            assertTrue(shadow.add(keyless(docs), docs, docs));
            assertEquals(15, shadow.summary().documents());
            IOUtils.rm(dir);
            ShadowSummary gone = shadow.summary();
            assertEquals(0, gone.documents());
            assertEquals("the missing folder is counted", 1, gone.errors());
            assertTrue(Files.isDirectory(dir));
            float[] query = unitVector();
            assertEquals(OptionalDouble.empty(), shadow.overlap(query, query, 10));
            docs = vectors(112);
            assertTrue(shadow.add(keyless(docs), docs, docs));
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
            assertTrue(shadow.add(keyless(docs), docs, docs));
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
        assertTrue(shadow.add(keyless(docs), docs, docs));
        shadow.delete();
        assertFalse(Files.exists(dir));
        assertFalse(shadow.add(keyless(docs), docs, docs));
        assertFalse(Files.exists(dir));
    }

    public void testRefusesMismatchedVectorLists() {
        try (ShadowIndex shadow = open(createTempDir().resolve("m"), 100)) {
            expectThrows(IllegalArgumentException.class, () -> shadow.add(keyless(vectors(2)), vectors(2), vectors(1)));
            expectThrows(IllegalArgumentException.class, () -> shadow.add(keys(0, 1), vectors(2), vectors(2)));
        }
    }
}
