package org.leap.plugin.action.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.leap.plugin.drift.DriftMonitor;
import org.leap.plugin.drift.DriftReport;
import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.stats.EncodePath;
import org.leap.plugin.stats.ModelStatsSnapshot;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/** Fans out to the nodes, snapshots each node's registry, and adds the cluster's model settings. */
public final class TransportLeapStatsAction extends TransportNodesAction<LeapStatsRequest, LeapStatsResponse, LeapStatsNodeRequest,
    LeapStatsNodeResponse> {
    private final ModelRegistry registry;
    private final DriftMonitor driftMonitor;

    @Inject
    public TransportLeapStatsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
        ActionFilters actionFilters, ModelRegistry registry, DriftMonitor driftMonitor) {
        super(LeapStatsAction.NAME, threadPool, clusterService, transportService, actionFilters, LeapStatsRequest::new,
            LeapStatsNodeRequest::new, ThreadPool.Names.MANAGEMENT, LeapStatsNodeResponse.class);
        this.registry = registry;
        this.driftMonitor = driftMonitor;
    }

    @Override
    protected LeapStatsResponse newResponse(LeapStatsRequest request, List<LeapStatsNodeResponse> nodes, List<FailedNodeException> failures) {
        ClusterState state = clusterService.state();
        Map<String, ModelSettings> settings = new LinkedHashMap<>();
        for (LoadedModel model : registry.models()) {
            settings.put(model.id(), registry.settings(model.id(), state));
        }
        return new LeapStatsResponse(clusterService.getClusterName(), nodes, failures, request.stats(), settings);
    }

    @Override
    protected LeapStatsNodeRequest newNodeRequest(LeapStatsRequest request) {
        return new LeapStatsNodeRequest();
    }

    @Override
    protected LeapStatsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new LeapStatsNodeResponse(in);
    }

    @Override
    protected LeapStatsNodeResponse nodeOperation(LeapStatsNodeRequest request) {
        List<ModelStatsSnapshot> models = new ArrayList<>();
        List<DriftReport> drift = new ArrayList<>();
        ClusterState state = clusterService.state();
        for (LoadedModel model : registry.models()) {
            models.add(new ModelStatsSnapshot(model.id(), model.state().key(), model.engine(), model.device(), model.deviceReason(),
                model.descriptor().layers(), model.stats(EncodePath.INGEST).snapshot(), model.stats(EncodePath.QUERY).snapshot()));
            drift.add(driftMonitor.report(model, registry.settings(model.id(), state)));
        }
        return new LeapStatsNodeResponse(clusterService.localNode(), models, drift);
    }
}
