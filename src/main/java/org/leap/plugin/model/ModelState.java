package org.leap.plugin.model;

import java.util.Locale;

/** Where a model is in its life on this node. */
public enum ModelState {
    LOADING,
    READY,
    FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
