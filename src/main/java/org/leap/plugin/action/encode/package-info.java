/** The internal encode action: the leap_neural query reaches the node's models through it, with no static state. */
package org.leap.plugin.action.encode;
