package org.leap.plugin.model;

import java.io.IOException;

import org.leap.tuning.TuningConfig;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * How far a model may degrade under load ({@code degrade_min_nn10}) and whether ingest may too ({@code degrade_ingest}):
 * the per-model half of degrading, kept with the model's other settings so that it is versioned with them. The node's
 * half is the queue wait budget ({@code plugins.leap.degrade.queue_wait_budget}). Without a floor the model never
 * degrades: how much neighbour overlap a search may lose is the admin's call, not a default's.
 *
 * @param minNn10 the lowest measured NN@10 lower bound a degraded encode may run at, in (0, 1]; null for none
 * @param ingest whether ingested documents degrade too; queries alone by default, since a document keeps its vector
 */
public record LoadDegrade(Double minNn10, boolean ingest) implements Writeable {
    public static final LoadDegrade OFF = new LoadDegrade(null, false);

    public LoadDegrade {
        if (minNn10 != null) {
            TuningConfig.checkNn10("degrade_min_nn10", minNn10);
        }
    }

    public static LoadDegrade readFrom(StreamInput in) throws IOException {
        return new LoadDegrade(in.readOptionalDouble(), in.readBoolean());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalDouble(minNn10);
        out.writeBoolean(ingest);
    }
}
