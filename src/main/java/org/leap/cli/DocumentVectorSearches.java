package org.leap.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plain k-NN searches of the benchmarks' {@code vec} field whose query vectors are the index's own documents' vectors:
 * the search around an encode with no encode at all. A document's vector costs the HNSW search what a query's does,
 * so the rate of these searches bounds the rate of {@code leap_neural} queries at any encode depth.
 */
final class DocumentVectorSearches {
    private DocumentVectorSearches() {}

    /** Fetches up to {@code max} documents' vectors once and makes one search body of each. */
    static List<String> fetch(NodeHttp node, String url, String index, int max) throws IOException, InterruptedException {
        JsonNode response = node.request(url, "POST", "/" + index + "/_search", "{\"size\":" + max
            + ",\"_source\":[\"vec\"],\"query\":{\"match_all\":{}}}", false);
        return bodies(index, response);
    }

    /**
     * One k-NN search body, top 10 and no {@code _source} as a {@code leap_neural} query asks, per hit of a search
     * response whose hits carry {@code vec} in their {@code _source}.
     */
    static List<String> bodies(String index, JsonNode searchResponse) {
        JsonNode hits = searchResponse.path("hits").path("hits");
        if (hits.isEmpty()) {
            throw new IllegalStateException("index [" + index + "] has no documents to take query vectors from");
        }
        List<String> bodies = new ArrayList<>(hits.size());
        for (JsonNode hit : hits) {
            JsonNode vec = hit.path("_source").path("vec");
            if (vec.isArray() == false || vec.isEmpty()) {
                throw new IllegalStateException("document [" + hit.path("_id").asText() + "] of [" + index + "] has no vector in "
                    + "_source.vec (is the vector excluded from _source?): " + hit.path("_source"));
            }
            for (JsonNode x : vec) {
                if (x.isNumber() == false) {
                    throw new IllegalStateException("document [" + hit.path("_id").asText() + "] of [" + index + "] has a "
                        + "non-number in _source.vec: " + x);
                }
            }
            bodies.add(knnSearch(vec));
        }
        return bodies;
    }

    /** {@code JsonNode.toString} writes compact JSON, so the numbers go as the node gave them. */
    private static String knnSearch(JsonNode vector) {
        return "{\"size\":10,\"_source\":false,\"query\":{\"knn\":{\"vec\":{\"vector\":" + vector + ",\"k\":10}}}}";
    }
}
