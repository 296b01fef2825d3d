/**
 * The OpenSearch plugin around the LEAP library ({@code org.leap.encoder}, {@code org.leap.model}): the plugin class
 * wires the packages below it, which hold the ingest processor, the query, the models and their settings, the REST
 * handlers, the transport actions, the stats, the drift monitor and its full-depth shadow index ({@code shadow}), the θ
 * controller ({@code tuning}: its state in cluster state; {@code autotune}: the controller on the cluster manager) and
 * the cheaper θ queries run at when the node is over its queue wait budget ({@code degrade}).
 */
package org.leap.plugin;
