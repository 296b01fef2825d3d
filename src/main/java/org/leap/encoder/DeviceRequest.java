package org.leap.encoder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The device a user asked an encoder to run on, with the option that asked (a node setting, a command-line flag, a
 * config key). Parsed once where the option is read; carrying the option's name lets every refusal further down,
 * such as a GPU asked for where libtorch has none, name what the user has to change.
 *
 * @param kind cpu, gpu, or auto (gpu when the engine can use one, else cpu)
 * @param option the option's name as the user wrote it, e.g. {@code plugins.leap.device} or {@code --device}
 */
public record DeviceRequest(Kind kind, String option) {
    /** What can be asked for. */
    public enum Kind {
        CPU,
        GPU,
        AUTO;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DeviceRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(option, "option");
    }

    /**
     * @param value cpu, gpu or auto, in any case
     * @throws IllegalArgumentException naming the option and the accepted values for anything else
     */
    public static DeviceRequest parse(String value, String option) {
        for (Kind kind : Kind.values()) {
            if (kind.key().equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return new DeviceRequest(kind, option);
            }
        }
        throw new IllegalArgumentException("[" + option + "] must be one of "
            + String.join(", ", Arrays.stream(Kind.values()).map(Kind::key).toList()) + "; got [" + value + "]");
    }

    /** What was asked, as the start of a message: {@code [plugins.leap.device] is auto}. */
    public String asked() {
        return "[" + option + "] is " + kind.key();
    }
}
