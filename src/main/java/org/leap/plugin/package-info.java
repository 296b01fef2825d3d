/**
 * The OpenSearch plugin around the LEAP library ({@code org.leap.encoder}, {@code org.leap.model}): the plugin class
 * wires the packages below it, which hold the ingest processor, the query, the models and their settings, the REST
 * handlers, the transport actions and the stats.
 */
package org.leap.plugin;
