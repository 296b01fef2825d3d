/** POST /_plugins/_leap/tasks/{task_id}/_cancel: stops a training job within a step. */
package org.leap.plugin.action.cancel;
