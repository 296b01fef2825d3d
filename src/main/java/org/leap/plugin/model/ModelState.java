package org.leap.plugin.model;

import java.util.Locale;

/** Where a model is in its life on this node. */
public enum ModelState {
    /** Not loaded and never will be: this node is not an encoder node (it forwards its encodes to one). */
    NOT_LOADED,
    LOADING,
    READY,
    FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
