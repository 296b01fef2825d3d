package org.leap.plugin.action.encode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/**
 * The vectors and exit layers of an encode, with the model, its depth, the theta of its exit rule (null when the encode
 * ran every row at full depth), whether the node degraded it to that theta under load, and the settings version.
 */
public final class EncodeResponse extends ActionResponse {
    private final String modelId;
    private final int layers;
    private final Double theta;
    private final boolean degraded;
    private final long settingsVersion;
    private final List<float[]> vectors;
    private final int[] exitLayers;

    public EncodeResponse(String modelId, int layers, Double theta, boolean degraded, long settingsVersion, List<float[]> vectors,
        int[] exitLayers) {
        this.modelId = modelId;
        this.layers = layers;
        this.theta = theta;
        this.degraded = degraded;
        this.settingsVersion = settingsVersion;
        this.vectors = List.copyOf(vectors);
        this.exitLayers = exitLayers;
    }

    public EncodeResponse(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readString();
        this.layers = in.readVInt();
        this.theta = in.readOptionalDouble();
        this.degraded = in.readBoolean();
        this.settingsVersion = in.readVLong();
        int n = in.readVInt();
        List<float[]> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            v.add(in.readFloatArray());
        }
        this.vectors = v;
        this.exitLayers = in.readVIntArray();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(modelId);
        out.writeVInt(layers);
        out.writeOptionalDouble(theta);
        out.writeBoolean(degraded);
        out.writeVLong(settingsVersion);
        out.writeVInt(vectors.size());
        for (float[] v : vectors) {
            out.writeFloatArray(v);
        }
        out.writeVIntArray(exitLayers);
    }

    public String modelId() {
        return modelId;
    }

    public int layers() {
        return layers;
    }

    /** The exit rule's theta, or null at full depth. */
    public Double theta() {
        return theta;
    }

    /** Whether the node ran this encode at {@link #theta()}, below the model's, because its inference queue was over budget. */
    public boolean degraded() {
        return degraded;
    }

    public long settingsVersion() {
        return settingsVersion;
    }

    public List<float[]> vectors() {
        return vectors;
    }

    public int[] exitLayers() {
        return exitLayers;
    }
}
