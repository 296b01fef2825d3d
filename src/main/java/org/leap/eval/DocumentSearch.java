package org.leap.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Exact search over documents of one vector or several (the chunks of a long document): a document scores by its best
 * vector, as k-NN's nested search scores a parent by its best child. Whole documents are the case of one vector each.
 */
public final class DocumentSearch {
    private final float[][] vectors;
    private final int[] documentOf;
    private final int documents;
    private final Similarities similarities;

    /**
     * @param documentOf for each vector, the index of its document; every document in {@code [0, documents)} has one
     * @throws IllegalArgumentException when the map does not fit the vectors or leaves a document without a vector
     */
    public DocumentSearch(float[][] vectors, int[] documentOf, int documents, Similarities similarities) {
        if (documentOf.length != vectors.length) {
            throw new IllegalArgumentException(documentOf.length + " document indices for " + vectors.length + " vectors");
        }
        boolean[] seen = new boolean[documents];
        for (int d : documentOf) {
            seen[d] = true;
        }
        for (int d = 0; d < documents; d++) {
            if (seen[d] == false) {
                throw new IllegalArgumentException("document " + d + " has no vector");
            }
        }
        this.vectors = vectors;
        this.documentOf = documentOf.clone();
        this.documents = documents;
        this.similarities = similarities;
    }

    /** Whole documents: vector {@code i} is document {@code i}. */
    public static DocumentSearch wholeDocuments(float[][] vectors, Similarities similarities) {
        int[] identity = new int[vectors.length];
        Arrays.setAll(identity, i -> i);
        return new DocumentSearch(vectors, identity, vectors.length, similarities);
    }

    /** Per query, the indices of its {@code k} best documents, best first. */
    public int[][] top(float[][] queries, int k) {
        float[] scores = similarities.between(queries, vectors);
        float[] best = new float[documents];
        int[][] top = new int[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            Arrays.fill(best, Float.NEGATIVE_INFINITY);
            int row = q * vectors.length;
            for (int v = 0; v < vectors.length; v++) {
                best[documentOf[v]] = Math.max(best[documentOf[v]], scores[row + v]);
            }
            top[q] = NeighborOverlap.topK(best, 0, documents, k, -1);
        }
        return top;
    }

    /** Mean NDCG@10 of the queries' rankings against a retrieval set's judgements; {@code docIds} names the documents. */
    public double ndcg(BeirDataset beir, List<String> queryIds, List<String> docIds, float[][] queries) {
        return ndcg(beir, queryIds, docIds, top(queries, 10));
    }

    /** {@link #ndcg(BeirDataset, List, List, float[][])} of rankings already made: each query's top 10, best first. */
    public static double ndcg(BeirDataset beir, List<String> queryIds, List<String> docIds, int[][] top) {
        double sum = 0;
        for (int q = 0; q < top.length; q++) {
            List<String> ranked = Arrays.stream(top[q]).mapToObj(docIds::get).toList();
            sum += Ndcg.atK(ranked, beir.qrels().get(queryIds.get(q)), 10);
        }
        return sum / top.length;
    }
}
