/** GET /_plugins/_leap[/{nodeId}]/stats[/{stat}]: encode stats per node, per model and per path, and each model's drift report, in k-NN's shape. */
package org.leap.plugin.action.stats;
