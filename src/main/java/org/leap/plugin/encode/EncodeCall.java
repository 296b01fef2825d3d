package org.leap.plugin.encode;

import java.util.List;

import org.leap.plugin.stats.EncodePath;

/**
 * One encode as its caller asks for it: the texts, the model (null for the node's default), the side of search it
 * serves, a theta of the caller's own, and for a query, where it searches.
 *
 * @param theta the processor's or the query's own theta (early exit at that theta), or null for the model's settings
 * @param target where a query searches, so that observers can sample it; null for ingest or when unknown
 */
public record EncodeCall(String modelId, List<String> texts, EncodePath path, Double theta, QueryTarget target) {
    public EncodeCall {
        texts = List.copyOf(texts);
    }
}
