/**
 * Training jobs: a LEAP distillation run started over REST, fed from an index, run on the bounded
 * {@code leap_training} pool of an encoder node, followed through a task document in a system index (the cluster
 * manager fails the tasks of nodes that leave), and ending with the trained model stored in chunks in another system
 * index and listed in cluster state, from which every node adds it without a restart. {@link
 * org.leap.plugin.training.TrainingJobs} is the API's side (start, get, list, cancel, resume after a restart);
 * {@link org.leap.plugin.training.JobTable} admits jobs, {@link org.leap.plugin.training.TrainingRun} runs one,
 * {@link org.leap.plugin.training.JobFolder} keeps its inputs and checkpoint on disk until it ends, and
 * {@link org.leap.plugin.training.FinalStates} makes sure its end reaches the tasks index.
 */
package org.leap.plugin.training;
