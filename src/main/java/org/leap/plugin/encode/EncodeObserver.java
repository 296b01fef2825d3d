package org.leap.plugin.encode;

import org.leap.plugin.model.EncodeResult;

/**
 * Told of every encode that answered, before its caller is: the drift monitor samples queries and documents this way,
 * without the encode path knowing it exists.
 */
@FunctionalInterface
public interface EncodeObserver {
    /** Must return at once (hand any work to another pool) and must not throw. */
    void encoded(EncodeCall call, EncodeResult result);
}
