package org.leap.encoder;

/** How deep an encode runs. */
public enum EncodeMode {
    /** Rows exit as soon as the exit policy fires. */
    EARLY_EXIT,
    /** Every row runs all layers; only the final layer is pooled. */
    FULL_DEPTH,
    /** Every row runs all layers while the exit checks run and are ignored: the cost of monitoring, measured alone. */
    MONITOR_ONLY
}
