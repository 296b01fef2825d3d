package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DocumentSearchTests {
    private static float[] unit(double angle) {
        return new float[] { (float) Math.cos(angle), (float) Math.sin(angle) };
    }

    @Test
    void testDocumentScoresByItsBestChunk() {
        // document 0: one chunk far from the query, one right on it; document 1: one chunk close; document 2: far
        float[][] chunks = { unit(2.0), unit(0.0), unit(0.3), unit(1.5) };
        DocumentSearch search = new DocumentSearch(chunks, new int[] { 0, 0, 1, 2 }, 3, Similarities.plain());
        assertArrayEquals(new int[] { 0, 1, 2 }, search.top(new float[][] { unit(0.05) }, 3)[0]);
        assertArrayEquals(new int[] { 2, 0 }, search.top(new float[][] { unit(1.6) }, 2)[0]);
    }

    @Test
    void testWholeDocumentsAreOneVectorEach() {
        DocumentSearch search = DocumentSearch.wholeDocuments(new float[][] { unit(1.0), unit(0.1), unit(0.5) }, Similarities.plain());
        assertArrayEquals(new int[] { 1, 2, 0 }, search.top(new float[][] { unit(0.0) }, 3)[0]);
    }

    @Test
    void testRefusesADocumentWithoutAVector() {
        assertThrows(IllegalArgumentException.class, () -> new DocumentSearch(new float[][] { unit(0) }, new int[] { 0 }, 2,
            Similarities.plain()));
        assertThrows(IllegalArgumentException.class, () -> new DocumentSearch(new float[][] { unit(0) }, new int[] { 0, 0 }, 1,
            Similarities.plain()));
    }
}
