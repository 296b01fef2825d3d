package org.leap.plugin.model;

import java.util.EnumSet;

import org.opensearch.Version;
import org.opensearch.cluster.AbstractNamedDiffable;
import org.opensearch.cluster.metadata.Metadata;

/**
 * What the plugin's cluster-state customs share: persisted with the cluster (gateway) and shown by the cluster state
 * API, named by their type, readable from OpenSearch 3.0 on.
 */
public abstract class PersistedModelMetadata extends AbstractNamedDiffable<Metadata.Custom> implements Metadata.Custom {
    private final String type;

    protected PersistedModelMetadata(String type) {
        this.type = type;
    }

    @Override
    public EnumSet<Metadata.XContentContext> context() {
        return Metadata.API_AND_GATEWAY;
    }

    @Override
    public String getWriteableName() {
        return type;
    }

    @Override
    public Version getMinimalSupportedVersion() {
        return Version.V_3_0_0;
    }
}
