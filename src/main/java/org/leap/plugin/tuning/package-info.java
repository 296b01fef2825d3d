/**
 * What the θ controller of each tuned model carries between decisions, in cluster state: its memory and its last
 * decisions with their evidence ({@link org.leap.plugin.tuning.TuningMetadata}). The controller that decides runs on
 * the cluster manager ({@code org.leap.plugin.autotune}); {@code _drift} shows what is kept here.
 */
package org.leap.plugin.tuning;
