/** GET /_plugins/_leap/models[/{model_id}]: the models of a node, their shape, device, load state and settings. */
package org.leap.plugin.action.models;
