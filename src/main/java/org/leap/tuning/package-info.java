/**
 * θ that tunes itself: the controller that moves a model's θ (or its calibration target: {@link TunedSetting}) to the
 * cheapest value whose NN@10 lower confidence bound meets a target, from windows of measured queries. Plain Java, no
 * OpenSearch: the node's controller and the CLI's offline simulator ({@code leap tune}) decide with the same code.
 */
package org.leap.tuning;
