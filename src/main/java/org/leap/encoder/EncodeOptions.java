package org.leap.encoder;

/**
 * Per-call settings of an encode.
 *
 * @param policy the exit rule's theta, k and l_min
 * @param mode early exit, full depth, or checks without exits
 * @param trace when true, every layer's normalised pooled vector is returned (diagnostics; rows never exit)
 * @param passage true to use the model's passage prefix (indexing), false for the query prefix
 */
public record EncodeOptions(ExitPolicy policy, EncodeMode mode, boolean trace, boolean passage) {
    public static EncodeOptions earlyExit(ExitPolicy policy) {
        return new EncodeOptions(policy, EncodeMode.EARLY_EXIT, false, false);
    }

    public static EncodeOptions fullDepth(ExitPolicy policy) {
        return new EncodeOptions(policy, EncodeMode.FULL_DEPTH, false, false);
    }

    public static EncodeOptions traced(ExitPolicy policy) {
        return new EncodeOptions(policy, EncodeMode.FULL_DEPTH, true, false);
    }

    public EncodeOptions withMode(EncodeMode newMode) {
        return new EncodeOptions(policy, newMode, trace, passage);
    }

    public EncodeOptions asPassage() {
        return new EncodeOptions(policy, mode, trace, true);
    }
}
