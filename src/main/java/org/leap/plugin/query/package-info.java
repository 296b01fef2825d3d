/**
 * The {@code leap_neural} query, the single adapter to k-NN's {@code knn} query it rewrites into, and the shape that
 * query takes on a shard (inside {@code nested} queries for a field of chunks).
 */
package org.leap.plugin.query;
