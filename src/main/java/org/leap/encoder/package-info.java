/**
 * The early-exit encoder's contract: the exit policy and rule, the per-row exit bookkeeping every engine shares
 * ({@link org.leap.encoder.RowExits}), encode options and results, and batching by length and token budget. Engine
 * implementations live in sub-packages; nothing here imports OpenSearch, so the plugin can wrap it.
 */
package org.leap.encoder;
