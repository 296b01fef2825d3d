/**
 * Encode statistics per model and per path (ingest, query): counts (of encodes degraded or shed under load too), the
 * exit-layer histogram, layer reduction and latency percentiles, and their sum over the cluster's nodes; and the node's
 * median inference queue wait of the last second, the load signal degrading reads. They are plain objects owned by the
 * model registry, not static singletons.
 */
package org.leap.plugin.stats;
