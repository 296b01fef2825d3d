/**
 * Training jobs: a LEAP distillation run started over REST, fed from an index, run on the bounded
 * {@code leap_training} pool of an encoder node, followed through a task document in a system index (the cluster
 * manager fails the tasks of nodes that leave), and ending with the trained model stored in chunks in another system
 * index and listed in cluster state, from which every node adds it without a restart.
 */
package org.leap.plugin.training;
