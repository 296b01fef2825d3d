/** The plugin's node settings ({@code plugins.leap.*}) in one place. */
package org.leap.plugin.settings;
