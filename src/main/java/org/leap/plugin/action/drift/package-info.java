/**
 * GET /_plugins/_leap/models/{model_id}/_drift: each node's drift report on one model (NN@10 and cosine over the rolling
 * window, the alarm, sample counts and theta changes), per node, since every node samples the traffic it handles, with
 * the model's θ controller state and decisions from cluster state.
 */
package org.leap.plugin.action.drift;
