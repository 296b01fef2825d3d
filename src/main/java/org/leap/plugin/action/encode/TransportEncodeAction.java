package org.leap.plugin.action.encode;

import java.util.ArrayList;
import java.util.List;

import org.leap.encoder.Embedding;
import org.leap.plugin.encode.EncodeCall;
import org.leap.plugin.encode.EncodeService;
import org.leap.plugin.encode.EncoderRole;
import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.EncodeResult;
import org.leap.plugin.model.ModelRegistry;
import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.ActionListenerResponseHandler;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.node.NodeClosedException;
import org.opensearch.tasks.Task;
import org.opensearch.transport.ConnectTransportException;
import org.opensearch.transport.TransportService;

/**
 * Every encode of the plugin (ingest batches, {@code leap_neural} queries) is this action. On an encoder node it runs
 * through the node's encode service; any other node forwards it to an encoder node (round robin) and, when that node
 * cannot be reached or has left, to the next one. With no encoder node reachable the answer is a 503 naming the role.
 */
public final class TransportEncodeAction extends HandledTransportAction<EncodeRequest, EncodeResponse> {
    private final TransportService transportService;
    private final ClusterService clusterService;
    private final EncodeService encodes;
    private final ModelRegistry registry;
    private final EncoderRouting routing = new EncoderRouting();

    @Inject
    public TransportEncodeAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService,
        EncodeService encodes, ModelRegistry registry) {
        super(EncodeAction.NAME, transportService, actionFilters, EncodeRequest::new);
        this.transportService = transportService;
        this.clusterService = clusterService;
        this.encodes = encodes;
        this.registry = registry;
    }

    @Override
    protected void doExecute(Task task, EncodeRequest request, ActionListener<EncodeResponse> listener) {
        if (EncoderRole.of(clusterService.localNode())) {
            encodeHere(request, listener);
            return;
        }
        List<DiscoveryNode> order = routing.order(clusterService.state().nodes());
        if (order.isEmpty()) {
            listener.onFailure(new OpenSearchStatusException("no node of this cluster has the [{}] role, so no node can encode; give it"
                + " to the nodes that should (node.roles)", RestStatus.SERVICE_UNAVAILABLE, EncoderRole.NAME));
            return;
        }
        forward(request, order, 0, new ArrayList<>(), listener);
    }

    private void forward(EncodeRequest request, List<DiscoveryNode> order, int i, List<String> unreachable,
        ActionListener<EncodeResponse> listener) {
        DiscoveryNode node = order.get(i);
        ActionListener<EncodeResponse> next = new ActionListener<>() {
            @Override
            public void onResponse(EncodeResponse response) {
                listener.onResponse(response);
            }

            @Override
            public void onFailure(Exception e) {
                if (unreachable(e) == false) {
                    listener.onFailure(e);
                    return;
                }
                unreachable.add(node.getName());
                if (i + 1 < order.size()) {
                    forward(request, order, i + 1, unreachable, listener);
                } else {
                    listener.onFailure(new OpenSearchStatusException("no encoder node could be reached (tried {}); retry once one is"
                        + " back", RestStatus.SERVICE_UNAVAILABLE, e, unreachable));
                }
            }
        };
        transportService.sendRequest(node, EncodeAction.NAME, request, new ActionListenerResponseHandler<>(next, EncodeResponse::new));
    }

    /** A node that left, closed or cannot be connected to: the encode never ran there, so another node may take it. */
    private static boolean unreachable(Exception e) {
        Throwable cause = ExceptionsHelper.unwrapCause(e);
        return cause instanceof ConnectTransportException || cause instanceof NodeClosedException;
    }

    private void encodeHere(EncodeRequest request, ActionListener<EncodeResponse> listener) {
        EncodeCall call = new EncodeCall(request.modelId(), request.texts(), request.path(), request.theta(), request.queryTarget());
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
        return new EncodeResponse(result.modelId(), depth, theta, result.settings().version(), vectors, layers);
    }
}
