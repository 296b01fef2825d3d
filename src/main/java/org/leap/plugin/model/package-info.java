/**
 * The node's models: loading them once off the cluster-state thread, encoding with them on the inference pool, and
 * their exit settings (theta, k, l_min) kept per model in cluster state.
 */
package org.leap.plugin.model;
