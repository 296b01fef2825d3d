/** The {@code leap_text_embedding} ingest processor, its factory, and what it reads of a document (whole texts or chunks). */
package org.leap.plugin.ingest;
