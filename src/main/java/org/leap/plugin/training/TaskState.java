package org.leap.plugin.training;

import java.util.Locale;

/** Where a training task is; the last three are final. */
public enum TaskState {
    CREATED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** @throws IllegalArgumentException naming the states, for a stored value this version does not know */
    public static TaskState parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown task state [" + value + "]; expected one of " + java.util.Arrays.toString(values()), e);
        }
    }
}
