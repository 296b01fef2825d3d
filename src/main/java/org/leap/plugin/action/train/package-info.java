/** POST /_plugins/_leap/models/_train: starts a training job and answers with its task at once. */
package org.leap.plugin.action.train;
