/**
 * The node's models: loading them once off the cluster-state thread, encoding with them on the inference pool (a query
 * encode that waited too long for a thread refused with 429, {@link org.leap.plugin.model.QueueWaitShedder}), and
 * their settings kept per model in cluster state: the exit rule (theta, k, l_min, global or calibrated thresholds) and
 * the depth each side of search runs at (documents at ingest, queries), resolved into one set of encode options per
 * request by {@link org.leap.plugin.model.ModelSettings#options}.
 */
package org.leap.plugin.model;
