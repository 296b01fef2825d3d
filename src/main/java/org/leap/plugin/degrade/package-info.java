/**
 * Degrading under load instead of refusing: when the median wait for an inference thread over the last second passes
 * the node's budget ({@code plugins.leap.degrade.queue_wait_budget}), a query encode that brings no θ of its own (and an
 * ingest encode, when the model allows it) runs at a lower θ, the cheapest one whose NN@10 lower bound, measured on live
 * traffic by the θ controller, meets the model's floor ({@code degrade_min_nn10}). {@link
 * org.leap.plugin.degrade.LoadDegrader} decides per encode, {@link org.leap.plugin.degrade.DegradedTheta} chooses the θ.
 * The encode service asks before each encode; this package knows nothing of it. Where degrading stops (no measured θ
 * meets the floor), queries still queue; past {@code plugins.leap.degrade.max_queue_wait} (off by default) the model
 * registry refuses a query encode that waited longer with a 429 instead of running it late ({@link
 * org.leap.plugin.model.QueueWaitShedder}, beside the pool whose wait it judges).
 */
package org.leap.plugin.degrade;
