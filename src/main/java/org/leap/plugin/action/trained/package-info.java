/**
 * The cluster's list of models trained in it: added to by the job that stored a model, deleted from by
 * {@code DELETE /_plugins/_leap/models/{model_id}}; every node follows the list without a restart.
 */
package org.leap.plugin.action.trained;
