/**
 * Training jobs: a LEAP distillation run started over REST, fed from an index, run on the bounded
 * {@code leap_training} pool, followed through a task document in a system index, and ending with the trained model
 * stored in chunks in another system index, from which any node can load it.
 */
package org.leap.plugin.training;
