/** The {@code leap_text_embedding} ingest processor and its factory. */
package org.leap.plugin.ingest;
