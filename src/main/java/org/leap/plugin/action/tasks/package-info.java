/** GET /_plugins/_leap/tasks[/{task_id}]: training tasks, their state, progress and outcome. */
package org.leap.plugin.action.tasks;
