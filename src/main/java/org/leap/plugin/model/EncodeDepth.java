package org.leap.plugin.model;

import java.util.Locale;

/**
 * How deep one side of search (ingest or query) encodes: every row through every layer, or each row leaving at the
 * exit rule. The two sides are set apart ({@code ingest_policy}, {@code query_policy}) because they pay differently:
 * a document is embedded once and read by every query, a query is embedded on every search.
 */
public enum EncodeDepth {
    EARLY_EXIT,
    FULL_DEPTH;

    /**
     * @param setting the setting's name, for the error
     * @throws IllegalArgumentException for anything but {@code early_exit} or {@code full_depth}
     */
    public static EncodeDepth parse(String setting, Object value) {
        for (EncodeDepth d : values()) {
            if (d.toString().equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("[" + setting + "] must be early_exit or full_depth, got [" + value + "]");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
