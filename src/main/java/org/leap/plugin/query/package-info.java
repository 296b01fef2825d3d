/**
 * The {@code leap_neural} query and the single adapter to k-NN's {@code knn} query it rewrites into.
 */
package org.leap.plugin.query;
