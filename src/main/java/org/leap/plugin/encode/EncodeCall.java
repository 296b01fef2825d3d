package org.leap.plugin.encode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.leap.plugin.stats.EncodePath;

/**
 * One encode as its caller asks for it: the texts, the model (null for the node's default), the side of search it
 * serves, a theta of the caller's own, for a query, where it searches, and for ingested texts, which document each
 * belongs to.
 *
 * @param theta the processor's or the query's own theta (early exit at that theta), or null for the model's settings
 * @param target where a query searches, so that observers can sample it; null for ingest or when unknown
 * @param keys for ingested texts, one per text, the same for a text of the same document ingested again, so that an
 *        observer keeping documents can replace its copy; an element is null for a document without an id yet (one
 *        auto-generated after the pipeline), the list is null for queries or when unknown
 */
public record EncodeCall(String modelId, List<String> texts, EncodePath path, Double theta, QueryTarget target, List<String> keys) {
    public EncodeCall {
        texts = List.copyOf(texts);
        if (keys != null) {
            if (keys.size() != texts.size()) {
                throw new IllegalArgumentException(keys.size() + " document keys for " + texts.size() + " texts");
            }
            keys = Collections.unmodifiableList(new ArrayList<>(keys));
        }
    }

    /** The key of text {@code i}, or null when it has none. */
    public String key(int i) {
        return keys == null ? null : keys.get(i);
    }
}
