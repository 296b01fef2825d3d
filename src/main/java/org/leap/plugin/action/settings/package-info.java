/**
 * PUT /_plugins/_leap/models/{model_id}/_settings: theta, k, l_min, the exit and encode policies, the drift sampling and
 * theta tuning settings per model, validated, versioned and kept in cluster state (so hot on every node and persisted
 * across restarts).
 */
package org.leap.plugin.action.settings;
