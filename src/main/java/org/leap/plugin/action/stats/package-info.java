/** GET /_plugins/_leap[/{nodeId}]/stats[/{stat}]: encode stats per node, per model and per path, in k-NN's shape. */
package org.leap.plugin.action.stats;
