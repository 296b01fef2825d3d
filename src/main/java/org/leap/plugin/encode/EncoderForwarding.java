package org.leap.plugin.encode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.ActionListenerResponseHandler;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.transport.TransportResponse;
import org.opensearch.node.NodeClosedException;
import org.opensearch.transport.ConnectTransportException;
import org.opensearch.transport.TransportRequest;
import org.opensearch.transport.TransportService;

/**
 * How a node without the {@code leap_encoder} role hands work (an encode, a training job) to one that has it: the
 * cluster's encoder nodes in round robin, so that work spreads over them, and on to the next when one cannot be reached
 * or has left (the work never ran there). With none reachable the answer is a 503 that names the role.
 */
public final class EncoderForwarding {
    private final TransportService transportService;
    private final AtomicInteger next = new AtomicInteger();

    public EncoderForwarding(TransportService transportService) {
        this.transportService = transportService;
    }

    /** Sends the request, under this action name, to an encoder node of these nodes. */
    public <R extends TransportResponse> void forward(DiscoveryNodes nodes, String action, TransportRequest request,
        Writeable.Reader<R> reader, ActionListener<R> listener) {
        List<DiscoveryNode> order = order(nodes);
        if (order.isEmpty()) {
            listener.onFailure(new OpenSearchStatusException("no node of this cluster has the [{}] role, so none can run this; give"
                + " it to the nodes that should (node.roles)", RestStatus.SERVICE_UNAVAILABLE, EncoderRole.NAME));
            return;
        }
        send(order, 0, new ArrayList<>(), action, request, reader, listener);
    }

    /** Every encoder node, starting at the next one in turn; empty when there is none. */
    List<DiscoveryNode> order(DiscoveryNodes nodes) {
        List<DiscoveryNode> encoders = new ArrayList<>();
        for (DiscoveryNode node : nodes) {
            if (EncoderRole.of(node)) {
                encoders.add(node);
            }
        }
        if (encoders.isEmpty()) {
            return List.of();
        }
        encoders.sort(Comparator.comparing(DiscoveryNode::getId));
        int first = Math.floorMod(next.getAndIncrement(), encoders.size());
        List<DiscoveryNode> ring = new ArrayList<>(encoders.subList(first, encoders.size()));
        ring.addAll(encoders.subList(0, first));
        return ring;
    }

    private <R extends TransportResponse> void send(List<DiscoveryNode> order, int i, List<String> unreachable, String action,
        TransportRequest request, Writeable.Reader<R> reader, ActionListener<R> listener) {
        DiscoveryNode node = order.get(i);
        ActionListener<R> next = new ActionListener<>() {
            @Override
            public void onResponse(R response) {
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
                    send(order, i + 1, unreachable, action, request, reader, listener);
                } else {
                    listener.onFailure(new OpenSearchStatusException("no [{}] node could be reached (tried {}); retry once one is back",
                        RestStatus.SERVICE_UNAVAILABLE, e, EncoderRole.NAME, unreachable));
                }
            }
        };
        transportService.sendRequest(node, action, request, new ActionListenerResponseHandler<>(next, reader));
    }

    /** A node that left, closed or cannot be connected to: the work never ran there, so another node may take it. */
    public static boolean unreachable(Exception e) {
        Throwable cause = ExceptionsHelper.unwrapCause(e);
        return cause instanceof ConnectTransportException || cause instanceof NodeClosedException;
    }
}
