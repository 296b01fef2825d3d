package org.leap.plugin.rest;

import java.util.List;
import java.util.Set;

import org.leap.plugin.action.stats.LeapStatsAction;
import org.leap.plugin.action.stats.LeapStatsRequest;
import org.leap.plugin.stats.LeapStatName;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestActions;
import org.opensearch.transport.client.node.NodeClient;

/** The stats routes, as k-NN's: {@code /_plugins/_leap[/{nodeId}]/stats[/{stat}]}. */
public final class RestLeapStatsAction extends BaseRestHandler {
    @Override
    public String getName() {
        return "leap_stats_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, LeapRoutes.BASE + "/stats"), new Route(RestRequest.Method.GET, LeapRoutes.BASE
            + "/stats/{stat}"), new Route(RestRequest.Method.GET, LeapRoutes.BASE + "/{nodeId}/stats"), new Route(RestRequest.Method.GET,
                LeapRoutes.BASE + "/{nodeId}/stats/{stat}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        Set<LeapStatName> stats = LeapStatName.parse(request.param("stat"));
        String[] nodes = Strings.splitStringByCommaToArray(request.param("nodeId"));
        LeapStatsRequest stat = new LeapStatsRequest(stats, nodes);
        stat.timeout(request.param("timeout"));
        return channel -> client.execute(LeapStatsAction.INSTANCE, stat, new RestActions.NodesResponseRestListener<>(channel));
    }
}
