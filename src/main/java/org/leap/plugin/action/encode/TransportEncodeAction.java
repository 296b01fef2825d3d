package org.leap.plugin.action.encode;

import java.util.ArrayList;
import java.util.List;

import org.leap.encoder.Embedding;
import org.leap.plugin.encode.EncodeCall;
import org.leap.plugin.encode.EncodeService;
import org.leap.plugin.encode.EncoderForwarding;
import org.leap.plugin.encode.EncoderRole;
import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.EncodeResult;
import org.leap.plugin.model.ModelRegistry;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

/**
 * Every encode of the plugin (ingest batches, {@code leap_neural} queries) is this action. On an encoder node it runs
 * through the node's encode service; any other node forwards it to an encoder node ({@link EncoderForwarding}).
 */
public final class TransportEncodeAction extends HandledTransportAction<EncodeRequest, EncodeResponse> {
    private final ClusterService clusterService;
    private final EncodeService encodes;
    private final ModelRegistry registry;
    private final EncoderForwarding forwarding;

    @Inject
    public TransportEncodeAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService,
        EncodeService encodes, ModelRegistry registry) {
        super(EncodeAction.NAME, transportService, actionFilters, EncodeRequest::new);
        this.clusterService = clusterService;
        this.forwarding = new EncoderForwarding(transportService);
        this.encodes = encodes;
        this.registry = registry;
    }

    @Override
    protected void doExecute(Task task, EncodeRequest request, ActionListener<EncodeResponse> listener) {
        if (EncoderRole.of(clusterService.localNode())) {
            encodeHere(request, listener);
        } else {
            forwarding.forward(clusterService.state().nodes(), EncodeAction.NAME, request, EncodeResponse::new, listener);
        }
    }

    private void encodeHere(EncodeRequest request, ActionListener<EncodeResponse> listener) {
        EncodeCall call = new EncodeCall(request.modelId(), request.texts(), request.path(), request.theta(), request.queryTarget(),
            request.keys());
        encodes.encode(call, new ActionListener<>() {
            @Override
            public void onResponse(EncodeResult result) {
                EncodeResponse response;
                try {
                    response = response(result);
                } catch (RuntimeException e) {
                    listener.onFailure(e);
                    return;
                }
                listener.onResponse(response);
            }

            @Override
            public void onFailure(Exception e) {
                listener.onFailure(e);
            }
        });
    }

    private EncodeResponse response(EncodeResult result) {
        List<float[]> vectors = new ArrayList<>(result.embeddings().size());
        int[] layers = new int[result.embeddings().size()];
        for (int i = 0; i < layers.length; i++) {
            Embedding e = result.embeddings().get(i);
            vectors.add(e.vector());
            layers[i] = e.exitLayer();
        }
        int depth = registry.model(result.modelId()).descriptor().layers();
        Double theta = result.depth() == EncodeDepth.FULL_DEPTH ? null : result.theta();
        return new EncodeResponse(result.modelId(), depth, theta, result.degraded(), result.settings().version(), vectors, layers);
    }
}
