package org.leap.plugin.action.encode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.leap.plugin.encode.EncoderRole;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.node.DiscoveryNodes;

/**
 * The order in which a node that does not encode tries the cluster's encoder nodes: round robin, so that encodes
 * spread over the encoder nodes, and the rest of the ring after the first, so that a node that fails is followed by
 * the next.
 */
final class EncoderRouting {
    private final AtomicInteger next = new AtomicInteger();

    /** Every encoder node of the cluster, starting at the next one in turn; empty when there is none. */
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
}
