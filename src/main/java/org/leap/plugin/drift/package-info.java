/**
 * Drift monitoring, the paper's NN@10 recommendation run online: a share of {@code leap_neural} queries and ingested
 * texts is encoded again at full depth off the request path, and a rolling window per model records how far the exited
 * vectors sit from the full-depth ones (NN@10 overlap of the kNN hits, cosine), raises an alarm when too many queries
 * lose their neighbours, and can raise theta in response.
 */
package org.leap.plugin.drift;
