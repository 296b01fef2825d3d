package org.leap.plugin.encode;

import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.node.DiscoveryNodeRole;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;

/**
 * The {@code leap_encoder} node role: the nodes that load the models and encode (the nodes with accelerators, in a
 * cluster that has them); every other node forwards its encodes to one of them. The role is on by default, so a node
 * whose {@code node.roles} is not set (a single node, or a cluster run on defaults) encodes as it always did; a node
 * given an explicit {@code node.roles} encodes only when the list names {@code leap_encoder}.
 */
public final class EncoderRole {
    public static final String NAME = "leap_encoder";

    public static final DiscoveryNodeRole ROLE = new DiscoveryNodeRole(NAME, "le") {
        @Override
        public Setting<Boolean> legacySetting() {
            return null;
        }

        @Override
        public boolean isEnabledByDefault(Settings settings) {
            return true;
        }
    };

    private EncoderRole() {}

    /** Whether the node these settings start is an encoder node. */
    public static boolean of(Settings nodeSettings) {
        return DiscoveryNode.hasRole(nodeSettings, ROLE);
    }

    public static boolean of(DiscoveryNode node) {
        return node.getRoles().contains(ROLE);
    }
}
