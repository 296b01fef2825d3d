/**
 * The internal encode action, the one door to the models: the ingest processor and the {@code leap_neural} rewrite
 * call it through the node client (no static state), and it runs the encode on this node when it has the
 * {@code leap_encoder} role, or forwards it to a node that has.
 */
package org.leap.plugin.action.encode;
