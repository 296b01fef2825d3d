/** The {@code leap} command line (picocli): thin commands over the encoder and evaluation libraries. */
package org.leap.cli;
