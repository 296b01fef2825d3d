package org.leap.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A steady stream of {@code leap_neural} queries to a node until its θ controller has taken a number of decisions: the
 * controller decides only on live queries, which both node benchmarks need, {@code --tune} to watch the decisions and
 * {@code --load} for the measured θ degrading uses. Queries go five at a time, the decisions ({@code GET …/_drift})
 * read between.
 */
final class ControllerFeed {
    private final NodeHttp node;
    private final String url;
    private final String model;
    private final String index;
    private final Supplier<String> nextQuery;

    /** @param nextQuery the text of the next query to send */
    ControllerFeed(NodeHttp node, String url, String model, String index, Supplier<String> nextQuery) {
        this.node = node;
        this.url = url;
        this.model = model;
        this.index = index;
        this.nextQuery = nextQuery;
    }

    /** The model's decisions so far, oldest first. */
    JsonNode decisions() throws IOException, InterruptedException {
        return node.request(url, "GET", "/_plugins/_leap/models/" + model + "/_drift", null, false).path("tuning").path("decisions");
    }

    /**
     * Sends queries until {@code count} decisions follow the first {@code before}.
     *
     * @param hint what to check when the deadline passes first, for the message
     * @return those decisions (at least {@code count}), oldest first
     */
    List<JsonNode> until(int before, int count, long deadlineNanos, String hint) throws IOException, InterruptedException {
        List<JsonNode> taken = new ArrayList<>();
        for (JsonNode all = decisions(); ; all = decisions()) {
            taken.clear();
            for (int i = before; i < all.size(); i++) {
                taken.add(all.get(i));
            }
            if (taken.size() >= count) {
                return taken;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("the θ controller took " + taken.size() + " of " + count + " decisions in time: " + hint);
            }
            for (int i = 0; i < 5; i++) {
                node.request(url, "POST", "/" + index + "/_search", NodeHttp.leapNeuralSearch(model, nextQuery.get()), false);
            }
        }
    }
}
