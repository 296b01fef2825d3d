/**
 * Encoding on an encoder node: the {@code leap_encoder} role, and {@link org.leap.plugin.encode.EncodeService}, which
 * resolves the model's settings and the caller's theta into one set of encode options per call, runs it on the model
 * registry, and tells its observers (the drift monitor samples this way and runs its full-depth shadows here). The
 * observers depend on this package, never the other way round.
 */
package org.leap.plugin.encode;
