/**
 * θ that tunes itself, on the node: the elected cluster manager runs, every {@code plugins.leap.tune.interval}, one
 * decision of the library's {@link org.leap.tuning.ThetaController} per model with {@code auto_tune} on, from the drift
 * windows of all nodes merged by the {@code _drift} action, writes a new θ (under the calibrated exit policy, a new
 * calibration target) through the model settings action, and keeps
 * the controller's state and the decision in cluster state ({@link org.leap.plugin.tuning.TuningMetadata}).
 */
package org.leap.plugin.autotune;
