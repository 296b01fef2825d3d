package org.leap.plugin.stats;

import java.util.Locale;

/** Where an encode came from; stats are kept apart per path. */
public enum EncodePath {
    INGEST,
    QUERY;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
