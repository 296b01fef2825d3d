package org.leap.plugin.shadow;

import java.io.IOException;
import java.util.List;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * What one model's shadow holds and how it fared, for the drift report: without the count and the ages of its
 * documents, a system NN@10 could not be told from one measured on a handful of stale documents.
 *
 * @param documents documents the sample holds
 * @param oldestAddedMillis when the oldest of them was added (epoch millis), -1 when there are none
 * @param newestAddedMillis when the newest of them was added (epoch millis), -1 when there are none
 * @param errors writes, searches and opens that failed, and folders found missing, since the node started
 */
public record ShadowSummary(long documents, long oldestAddedMillis, long newestAddedMillis, long errors) implements Writeable {

    public ShadowSummary {
        if (documents < 0 || errors < 0 || (documents == 0) != (oldestAddedMillis == -1 && newestAddedMillis == -1)) {
            throw new IllegalArgumentException("a shadow of " + documents + " documents cannot have been added from " + oldestAddedMillis
                + " to " + newestAddedMillis + " with " + errors + " errors");
        }
    }

    /** A shadow that holds no document. */
    public static ShadowSummary empty(long errors) {
        return new ShadowSummary(0, -1, -1, errors);
    }

    /** Several nodes' shadows of one model as one: documents and errors add, the ages span them all. */
    public static ShadowSummary merge(List<ShadowSummary> shadows) {
        List<ShadowSummary> held = shadows.stream().filter(s -> s.documents() > 0).toList();
        long errors = shadows.stream().mapToLong(ShadowSummary::errors).sum();
        if (held.isEmpty()) {
            return empty(errors);
        }
        return new ShadowSummary(held.stream().mapToLong(ShadowSummary::documents).sum(), held.stream().mapToLong(
            ShadowSummary::oldestAddedMillis).min().getAsLong(), held.stream().mapToLong(ShadowSummary::newestAddedMillis).max()
                .getAsLong(), errors);
    }

    public static ShadowSummary readFrom(StreamInput in) throws IOException {
        return new ShadowSummary(in.readVLong(), in.readLong(), in.readLong(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLong(documents);
        out.writeLong(oldestAddedMillis);
        out.writeLong(newestAddedMillis);
        out.writeVLong(errors);
    }
}
