/**
 * Drift monitoring, the paper's NN@10 recommendation run online: an observer of the encoder node's encodes sends a
 * share of {@code leap_neural} queries and of early-exit ingested texts to a full-depth shadow encode off the request
 * path, and a rolling window per model records how far the exited vectors sit from the full-depth ones (NN@10 overlap
 * of the kNN hits, cosine), and, on the {@code org.leap.plugin.shadow} index of sampled documents, the system NN@10 of
 * early exit on both sides against full depth on both; raises an alarm when too many queries lose their neighbours,
 * and can raise theta in response (unless the θ controller tunes the model: {@code org.leap.plugin.autotune} reads these
 * windows). Queries degraded under load are measured the same way into a tally of their own, which neither the alarm
 * nor the controller reads. Reports merge across nodes.
 */
package org.leap.plugin.drift;
