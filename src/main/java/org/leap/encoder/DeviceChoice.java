package org.leap.encoder;

import java.util.Objects;

/**
 * The device an encoder runs on and why it runs there. {@code auto} decides on the machine it runs on, so an operator
 * needs the reason (no CUDA build of libtorch, no device visible, an engine that only runs on CPU) as much as the
 * answer.
 *
 * @param gpu true for the first CUDA device, false for the CPU
 * @param reason what was asked and what the engine found, e.g. {@code [plugins.leap.device] is auto and no CUDA device
 *     is visible: ...}
 */
public record DeviceChoice(boolean gpu, String reason) {
    public DeviceChoice {
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code cpu} or {@code gpu(0)}. */
    public String name() {
        return gpu ? "gpu(0)" : "cpu";
    }

    /** The device and its reason, as logs and the command line print it. */
    @Override
    public String toString() {
        return name() + " (" + reason + ")";
    }
}
