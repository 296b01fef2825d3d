/**
 * Encode statistics per model and per path (ingest, query): counts, the exit-layer histogram, layer reduction and
 * latency percentiles, and their sum over the cluster's nodes. They are plain objects owned by the model registry, not
 * static singletons.
 */
package org.leap.plugin.stats;
