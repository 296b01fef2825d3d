/**
 * The early-exit encoder's contract: the exit policy and rule, encode options and results, and length batching.
 * Engine implementations live in sub-packages; nothing here imports OpenSearch, so the plugin can wrap it.
 */
package org.leap.encoder;
