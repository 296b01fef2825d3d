/**
 * The full-depth shadow: per model, a Lucene index under the node's data path ({@code leap/shadow/<model_id>/}) that
 * holds a uniform sample of the documents the model embedded at ingest, each with its early-exit vector (what the
 * user's index holds) and its full-depth vector, in lucene-core's own HNSW vector fields; a document ingested again
 * under the same key replaces its copy. A sampled query searched on it twice, exited among the early-exit vectors and at
 * full depth among the full-depth ones, measures NN@10 of the whole early-exit system against the whole full-depth
 * system, which a search of the user's index cannot: there every document is early exit. Filled and searched by {@code org.leap.plugin.drift} on its own pool; it never throws into a request.
 */
package org.leap.plugin.shadow;
